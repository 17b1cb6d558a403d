#include "process_usage.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace slogate::testing {
namespace {

// The value of a "Name:   1234 kB" line of /proc/<pid>/status, in bytes.
uint64_t KilobytesField(const std::string& line, const std::string& name) {
  if (line.rfind(name + ":", 0) != 0) return 0;
  return std::stoull(line.substr(name.size() + 1)) * 1024;
}

}  // namespace

std::optional<ProcessUsage> ReadProcessUsage(pid_t pid) {
  const std::filesystem::path proc = "/proc/" + std::to_string(pid);
  std::ifstream status(proc / "status");
  if (!status) return std::nullopt;
  ProcessUsage usage;
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) usage.rss_bytes = KilobytesField(line, "VmRSS");
    if (line.rfind("VmHWM:", 0) == 0) usage.peak_rss_bytes = KilobytesField(line, "VmHWM");
  }
  std::error_code error;
  for (std::filesystem::directory_iterator fd(proc / "fd", error), end; !error && fd != end;
       fd.increment(error)) {
    ++usage.open_fds;
  }
  if (error) return std::nullopt;
  return usage;
}

ProcessUsage ReadOwnUsage() { return ReadProcessUsage(getpid()).value_or(ProcessUsage{}); }

bool ResetPeakRss() {
  std::ofstream clear_refs("/proc/self/clear_refs");
  clear_refs << "5";
  clear_refs.flush();
  return static_cast<bool>(clear_refs);
}

}  // namespace slogate::testing
