// What curl_floor, curl_raw_floor and paced_floor share: their command line, the bench's
// payload, a stop on SIGINT/SIGTERM, and the one result line run.sh reads.
#pragma once

#include <sys/resource.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

#include "slogate/common/result.h"
#include "slogate/common/units.h"

namespace slogate::bench {

inline constexpr char kFloorPayload[] =
    R"({"session_id":"00000000-0000-4000-8000-000000000000","message":"ping","attachments":[]})";

struct FloorArgs {
  std::string url;
  int connections = 0;
  double seconds = 0;
};

// Each connection is a socket and a buffer: a bound the user's number cannot pass.
inline constexpr long long kMaxConnections = 65536;
inline constexpr double kMaxSeconds = 3600;

// `value` if it parsed and lies in [low, high]; otherwise nullopt, after saying what `what`
// must be and what was given.
template <typename Number>
std::optional<Number> InRange(const char* tool, const char* what, const char* text,
                              Result<Number> value, Number low, Number high) {
  if (value && *value >= low && *value <= high) return *value;
  std::fprintf(stderr, "%s: %s must be from %s to %s, got \"%s\"%s%s\n", tool, what,
               units::FormatNumber(static_cast<double>(low)).c_str(),
               units::FormatNumber(static_cast<double>(high)).c_str(), text, value ? "" : ": ",
               value ? "" : value.error().message.c_str());
  return std::nullopt;
}

// "<name> <url> <connections> <seconds>" from argv[1..3]; nullopt after printing what is wrong.
// `extra` names the arguments a tool takes after them, for its usage line.
inline std::optional<FloorArgs> ParseFloorArgs(int argc, char** argv, const char* name,
                                               int extra_args = 0, const char* extra = "") {
  if (argc != 4 + extra_args) {
    std::fprintf(stderr, "usage: %s <url> <connections> <seconds>%s\n", name, extra);
    return std::nullopt;
  }
  const std::optional<long long> connections =
      InRange(name, "connections", argv[2], units::ParseCount(argv[2]), 1LL, kMaxConnections);
  if (!connections) return std::nullopt;
  const std::optional<double> seconds =
      InRange(name, "seconds", argv[3], units::ParseNumber(argv[3]), 1e-3, kMaxSeconds);
  if (!seconds) return std::nullopt;
  return FloorArgs{argv[1], static_cast<int>(*connections), *seconds};
}

// Set by SIGINT or SIGTERM: the loops end at their next turn (each waits at most 100 ms) and
// the tool prints what it measured so far.
inline volatile std::sig_atomic_t stop_signalled = 0;

inline void StopOnSignals() {
  struct sigaction action {};
  action.sa_handler = [](int) { stop_signalled = 1; };
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

// Whether a signal stopped the run; if so, says so on stderr under `tool`'s name, since the
// result line then covers only the time until the stop.
inline bool ReportInterrupted(const char* tool) {
  if (stop_signalled == 0) return false;
  std::fprintf(stderr, "%s: interrupted; the results so far\n", tool);
  return true;
}

// User plus system CPU time of this process so far.
inline double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& value) {
    return static_cast<double>(value.tv_sec) + static_cast<double>(value.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// "<completed> <req/s> <CPU µs per request> <failed>", the line run.sh reads.
inline void PrintFloorResult(unsigned long long completed, double elapsed_seconds,
                             double cpu_seconds, unsigned long long failed) {
  std::printf("%llu %.0f %.2f %llu\n", completed, static_cast<double>(completed) / elapsed_seconds,
              completed > 0 ? cpu_seconds * 1e6 / static_cast<double>(completed) : 0.0, failed);
}

}  // namespace slogate::bench
