// What curl_floor and curl_raw_floor share: their command line, the bench's payload, and the
// one result line run.sh reads.
#pragma once

#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>

namespace slogate::bench {

inline constexpr char kFloorPayload[] =
    R"({"session_id":"00000000-0000-4000-8000-000000000000","message":"ping","attachments":[]})";

struct FloorArgs {
  std::string url;
  int connections = 0;
  double seconds = 0;
};

// "<name> <url> <connections> <seconds>"; nullopt after printing the usage or the problem.
inline std::optional<FloorArgs> ParseFloorArgs(int argc, char** argv, const char* name) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s <url> <connections> <seconds>\n", name);
    return std::nullopt;
  }
  FloorArgs args{argv[1], std::atoi(argv[2]), std::atof(argv[3])};
  if (args.connections <= 0 || args.seconds <= 0) {
    std::fprintf(stderr, "%s: connections and seconds must be positive\n", name);
    return std::nullopt;
  }
  return args;
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
