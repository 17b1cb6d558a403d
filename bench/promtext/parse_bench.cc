// Parses an exposition file repeatedly and prints the best and median parse times (wall and
// process CPU) and the throughput. Reads the file once; only promtext::Parse is timed.
//
// usage: promtext_parse_bench FILE [--openmetrics] [--repeat N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/promtext/parser.h"

namespace {

double ProcessCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE [--openmetrics] [--repeat N]\n", argv[0]);
    return 2;
  }
  slogate::promtext::Format format = slogate::promtext::Format::kPrometheusText004;
  int repeat = 10;
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--openmetrics") {
      format = slogate::promtext::Format::kOpenMetrics100;
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::max(1, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "%s: unknown argument '%s'\n", argv[0], argv[i]);
      return 2;
    }
  }
  std::ifstream file(argv[1], std::ios::binary);
  const std::string text(std::istreambuf_iterator<char>(file), {});
  if (!file && !file.eof()) {
    std::fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[1]);
    return 2;
  }
  std::vector<double> seconds;
  std::vector<double> cpu_seconds;
  size_t series = 0;
  for (int i = 0; i < repeat; ++i) {
    const double cpu_start = ProcessCpuSeconds();
    const auto start = std::chrono::steady_clock::now();
    const auto snapshot = slogate::promtext::Parse(text, format);
    const auto stop = std::chrono::steady_clock::now();
    cpu_seconds.push_back(ProcessCpuSeconds() - cpu_start);
    if (!snapshot.ok()) {
      std::fprintf(stderr, "%s: %s\n", argv[1], snapshot.error().ToString().c_str());
      return 1;
    }
    series = 0;
    for (const auto& family : snapshot->families) series += family.samples.size();
    seconds.push_back(std::chrono::duration<double>(stop - start).count());
  }
  std::sort(seconds.begin(), seconds.end());
  std::sort(cpu_seconds.begin(), cpu_seconds.end());
  const double megabytes = static_cast<double>(text.size()) / 1e6;
  const double median = seconds[seconds.size() / 2];
  std::printf(
      "bytes=%zu series=%zu repeat=%d best_s=%.6f median_s=%.6f best_cpu_s=%.6f "
      "best_mb_per_s=%.1f median_mb_per_s=%.1f\n",
      text.size(), series, repeat, seconds.front(), median, cpu_seconds.front(),
      megabytes / seconds.front(), megabytes / median);
  return 0;
}
