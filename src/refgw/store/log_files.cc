#include "refgw/store/log_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <system_error>

namespace slogate::refgw::store {
namespace {

constexpr std::string_view kSegmentSuffix = ".log";
constexpr int kIndexDigits = 16;

}  // namespace

std::filesystem::path SegmentPath(const std::filesystem::path& dir, std::string_view log_name,
                                  uint64_t segment) {
  char index[32];
  std::snprintf(index, sizeof(index), "%0*llu", kIndexDigits,
                static_cast<unsigned long long>(segment));
  return dir / (std::string(log_name) + "-" + index + std::string(kSegmentSuffix));
}

Result<std::vector<uint64_t>> ListSegments(const std::filesystem::path& dir,
                                           std::string_view log_name) {
  std::error_code error;
  std::filesystem::directory_iterator it(dir, error);
  if (error) {
    return MakeError("log_io", "cannot list " + dir.string() + ": " + error.message());
  }
  const std::string prefix = std::string(log_name) + "-";
  std::vector<uint64_t> segments;
  for (const auto& entry : it) {
    const std::string name = entry.path().filename().string();
    if (name.size() <= prefix.size() + kSegmentSuffix.size() || !name.starts_with(prefix) ||
        !name.ends_with(kSegmentSuffix)) {
      continue;
    }
    const char* first = name.data() + prefix.size();
    const char* last = name.data() + name.size() - kSegmentSuffix.size();
    uint64_t index = 0;
    const auto [end, parse_error] = std::from_chars(first, last, index);
    if (parse_error == std::errc() && end == last) segments.push_back(index);
  }
  std::sort(segments.begin(), segments.end());
  return segments;
}

Status DeleteSegmentsBefore(const std::filesystem::path& dir, std::string_view log_name,
                            uint64_t segment) {
  auto segments = ListSegments(dir, log_name);
  if (!segments.ok()) return segments.error();
  for (uint64_t index : *segments) {
    if (index >= segment) break;
    const std::filesystem::path path = SegmentPath(dir, log_name, index);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
      return SystemError("log_io", "cannot delete replicated segment", path);
    }
  }
  return Status::Ok();
}

Status SyncDirectory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return SystemError("log_io", "cannot open directory", dir);
  const int rc = ::fsync(fd);
  Status status;
  if (rc != 0) status = SystemError("log_io", "cannot fsync directory", dir);
  ::close(fd);
  return status;
}

Error SystemError(std::string code, std::string_view what, const std::filesystem::path& path) {
  const int saved = errno;
  return MakeError(std::move(code),
                   std::string(what) + " " + path.string() + ": " + std::strerror(saved));
}

}  // namespace slogate::refgw::store
