// Ten minutes of `slogate run` against the bundled reference gateway at 50 req/s, with the
// resident memory (VmRSS) and open descriptors of both processes sampled every 5 s. Growth
// fails the test unless it is the one growth the design allows:
//
//  - slogate keeps the event_id of every OK response for the zero-loss audit: 16 bytes per
//    UUID in a vector that doubles, so up to 32 bytes of capacity per id, plus the per-second
//    windows (about 100 bytes per second). Allowed: 48 bytes per request sent after its
//    baseline, a minute in, plus kSlackBytes for the allocator and page granularity.
//  - the gateway keeps nothing per request in memory (events go to its log and SQLite): no
//    slope, kSlackBytes only. Its baseline is taken halfway: SQLite's page cache (2000 KiB per
//    connection by default) fills during the first minutes at this rate (3 min when measured).
//  - descriptors: slogate opens a socket per in-flight slot, at most CONCURRENCY; the gateway
//    one per connection plus its log and database files. Neither may grow past that.
//
// Growth is measured to the highest value of the last minute of sending. The test prints every
// sample, so a failure shows the curve.
// SLOGATE_SOAK_SECONDS shortens the run when trying the test out.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "files.h"
#include "process_usage.h"
#include "refgw_process.h"

extern char** environ;

namespace slogate::testing {
namespace {

using std::chrono::seconds;
using Clock = std::chrono::steady_clock;

constexpr double kRps = 50;
constexpr int kConcurrency = 20;
constexpr auto kSampleEvery = seconds(5);
constexpr uint64_t kIdLogBytesPerRequest = 48;
constexpr uint64_t kSlackBytes = uint64_t{1} << 20;
constexpr uint64_t kGatewaySpareFds = 8;  // log segments and database files opened in turn

seconds SoakDuration() {
  const char* text = std::getenv("SLOGATE_SOAK_SECONDS");
  return seconds(text != nullptr ? std::max(20, std::atoi(text)) : 600);
}

struct Sample {
  Clock::duration at;
  ProcessUsage slogate;
  ProcessUsage gateway;
};

// `slogate run` at kRps for `duration`, its output in `dir`. Returns its pid.
pid_t StartRun(const std::string& target_url, seconds duration, const std::filesystem::path& dir) {
  std::vector<std::string> args = {SLOGATE_BINARY,
                                   "run",
                                   "--target-url=" + target_url,
                                   "--rps=" + std::to_string(static_cast<int>(kRps)),
                                   "--duration=" + std::to_string(duration.count()) + "s",
                                   "--concurrency=" + std::to_string(kConcurrency)};
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, (dir / "run.json").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, (dir / "run.err").c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0644);
  pid_t pid = -1;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return spawned == 0 ? pid : -1;
}

// The highest value of `field` over the samples taken from `from` on.
uint64_t HighestFrom(const std::vector<Sample>& samples, Clock::duration from,
                     uint64_t (*field)(const Sample&)) {
  uint64_t highest = 0;
  for (const Sample& sample : samples) {
    if (sample.at >= from) highest = std::max(highest, field(sample));
  }
  return highest;
}

const Sample& FirstFrom(const std::vector<Sample>& samples, Clock::duration from) {
  for (const Sample& sample : samples) {
    if (sample.at >= from) return sample;
  }
  return samples.back();
}

// A fresh directory for the run's output, removed at the end.
class OutputDir {
 public:
  OutputDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "slogate-soak-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~OutputDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

double Mib(uint64_t bytes) { return static_cast<double>(bytes) / (1 << 20); }

TEST(SoakTest, MemoryAndDescriptorsStayFlatAtASteadyRate) {
  auto gateway = RefgwProcess::Start({});
  ASSERT_TRUE(gateway.ok()) << gateway.error().message;
  const OutputDir dir;
  ASSERT_FALSE(dir.path().empty());
  const seconds duration = SoakDuration();
  const pid_t run = StartRun((*gateway)->ApiUrl(), duration, dir.path());
  ASSERT_GT(run, 0);

  std::vector<Sample> samples;
  const auto started = Clock::now();
  int status = 0;
  while (waitpid(run, &status, WNOHANG) == 0) {
    const auto slogate = ReadProcessUsage(run);
    const auto refgw = ReadProcessUsage((*gateway)->pid());
    if (slogate && refgw) samples.push_back({Clock::now() - started, *slogate, *refgw});
    if (Clock::now() - started > duration + seconds(60)) {
      kill(run, SIGKILL);
      waitpid(run, &status, 0);
      FAIL() << "slogate run did not end within a minute of its duration";
    }
    std::this_thread::sleep_for(kSampleEvery);
  }
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "slogate run failed: " << ReadFile(dir.path() / "run.err");

  const Clock::duration warm_up = std::min<Clock::duration>(seconds(60), duration / 10);
  const Clock::duration last_minute =
      duration - std::min<Clock::duration>(seconds(60), duration / 5);
  ASSERT_GE(samples.size(), 4u);
  const Sample& baseline = FirstFrom(samples, warm_up);
  const Sample& gateway_baseline = FirstFrom(samples, duration / 2);
  const auto requests_after_baseline =
      static_cast<uint64_t>(kRps * std::chrono::duration<double>(duration - baseline.at).count());

  const uint64_t slogate_rss =
      HighestFrom(samples, last_minute, [](const Sample& s) { return s.slogate.rss_bytes; });
  const uint64_t gateway_rss =
      HighestFrom(samples, last_minute, [](const Sample& s) { return s.gateway.rss_bytes; });
  const uint64_t slogate_fds =
      HighestFrom(samples, warm_up, [](const Sample& s) { return s.slogate.open_fds; });
  const uint64_t gateway_fds =
      HighestFrom(samples, warm_up, [](const Sample& s) { return s.gateway.open_fds; });
  const uint64_t slogate_allowed =
      baseline.slogate.rss_bytes + kSlackBytes + kIdLogBytesPerRequest * requests_after_baseline;
  const uint64_t gateway_allowed = gateway_baseline.gateway.rss_bytes + kSlackBytes;

  std::cout << "soak: " << samples.size() << " samples over " << duration.count() << " s at "
            << kRps << " req/s\n"
            << "soak: slogate RSS " << Mib(baseline.slogate.rss_bytes) << " MiB at baseline, "
            << Mib(slogate_rss) << " MiB highest in the last minute (allowed "
            << Mib(slogate_allowed) << "), fds " << baseline.slogate.open_fds << " -> at most "
            << slogate_fds << "\n"
            << "soak: gateway RSS " << Mib(gateway_baseline.gateway.rss_bytes)
            << " MiB at baseline (halfway), " << Mib(gateway_rss)
            << " MiB highest in the last minute (allowed " << Mib(gateway_allowed) << "), fds "
            << baseline.gateway.open_fds << " -> at most " << gateway_fds << "\n";
  for (const Sample& sample : samples) {
    std::cout << "soak: t=" << std::chrono::duration_cast<seconds>(sample.at).count()
              << "s slogate " << sample.slogate.rss_bytes / 1024 << " KiB "
              << sample.slogate.open_fds << " fds, gateway " << sample.gateway.rss_bytes / 1024
              << " KiB " << sample.gateway.open_fds << " fds\n";
  }

  EXPECT_LE(slogate_rss, slogate_allowed);
  EXPECT_LE(gateway_rss, gateway_allowed);
  EXPECT_LE(slogate_fds, baseline.slogate.open_fds + kConcurrency);
  EXPECT_LE(gateway_fds, baseline.gateway.open_fds + kConcurrency + kGatewaySpareFds);
}

}  // namespace
}  // namespace slogate::testing
