// RefGwProcess: the bundled gateway comes up on ephemeral ports and answers; each way a start
// can fail is an error that says which step failed and how the process ended.
#include "slogate/suite/refgw_process.h"

#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "slogate/scrape/health.h"

namespace slogate::suite {
namespace {

using ::testing::HasSubstr;

// A pid that no process has: a child that has exited and been reaped.
pid_t DeadPid() {
  const pid_t child = fork();
  if (child == 0) _exit(0);
  waitpid(child, nullptr, 0);
  return child;
}

// A fresh directory standing in for the temp directory, with a data directory named `name`
// owned by `owner` (none when 0).
std::filesystem::path DataDirIn(const std::filesystem::path& parent, const std::string& name,
                                pid_t owner) {
  const std::filesystem::path dir = parent / name;
  std::filesystem::create_directories(dir / "wal");
  if (owner != 0) std::ofstream(dir / "owner.pid") << owner << "\n";
  return dir;
}

class StaleDataDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/slogate-stale-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    parent_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(parent_); }
  std::filesystem::path parent_;
};

TEST_F(StaleDataDirTest, RemovesOnlyDirectoriesWhoseOwnerIsGone) {
  const auto stale = DataDirIn(parent_, "slogate-refgw-stale1", DeadPid());
  const auto live = DataDirIn(parent_, "slogate-refgw-live01", getpid());
  const auto unowned = DataDirIn(parent_, "slogate-refgw-old001", 0);
  const auto other = DataDirIn(parent_, "someone-else", DeadPid());
  EXPECT_EQ(RemoveStaleRefGwDataDirs(parent_), 1u);
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_TRUE(std::filesystem::exists(live)) << "a live run's directory must stay";
  EXPECT_TRUE(std::filesystem::exists(unowned)) << "a directory without an owner is not ours";
  EXPECT_TRUE(std::filesystem::exists(other));
}

TEST_F(StaleDataDirTest, StartRemovesWhatAKilledRunLeftAndRecordsItsOwner) {
  const auto stale = DataDirIn(parent_, "slogate-refgw-killed", DeadPid());
  const auto live = DataDirIn(parent_, "slogate-refgw-runnin", getpid());
  const char* previous = std::getenv("TMPDIR");
  const std::string saved = previous != nullptr ? previous : "";
  setenv("TMPDIR", parent_.c_str(), 1);
  RefGwLaunch launch;
  launch.binary = SLOGATE_REFGW_BINARY;
  auto process = RefGwProcess::Start(launch);
  if (previous != nullptr) {
    setenv("TMPDIR", saved.c_str(), 1);
  } else {
    unsetenv("TMPDIR");
  }
  ASSERT_TRUE(process.ok()) << process.error().message;
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_TRUE(std::filesystem::exists(live));
  const std::filesystem::path data_dir = (*process)->data_dir();
  EXPECT_EQ(data_dir.parent_path(), parent_);
  long owner = 0;
  std::ifstream(data_dir / "owner.pid") >> owner;
  EXPECT_EQ(owner, getpid());
}

TEST(RefGwProcessTest, StartsOnEphemeralPortsAndServes) {
  RefGwLaunch launch;
  launch.binary = SLOGATE_REFGW_BINARY;
  auto process = RefGwProcess::Start(launch);
  ASSERT_TRUE(process.ok()) << process.error().message;
  const TargetUrls& urls = (*process)->urls();
  EXPECT_THAT(urls.api, ::testing::StartsWith("http://127.0.0.1:"));
  ASSERT_EQ(urls.metrics.size(), 2u);
  EXPECT_TRUE(scrape::FetchHealth(urls.health, std::chrono::seconds(2)).ok());
  const std::filesystem::path data_dir = (*process)->data_dir();
  EXPECT_TRUE(std::filesystem::is_directory(data_dir));
  EXPECT_EQ((*process)->Stop(), "exited with status 0");
  process->reset();
  EXPECT_FALSE(std::filesystem::exists(data_dir)) << "the temporary data directory is removed";
}

TEST(RefGwProcessTest, ABinaryThatExitsSaysHowItEnded) {
  RefGwLaunch launch;
  launch.binary = "/bin/false";
  auto process = RefGwProcess::Start(launch);
  ASSERT_FALSE(process.ok());
  EXPECT_EQ(process.error().code, "refgw_start");
  EXPECT_THAT(process.error().message,
              HasSubstr("the reference gateway (/bin/false) did not start: its output ended "
                        "before the start-up line; it exited with status 1"));
}

TEST(RefGwProcessTest, AnUnexpectedStartUpLineIsQuoted) {
  RefGwLaunch launch;
  launch.binary = "/bin/echo";  // prints its arguments instead of the ports
  auto process = RefGwProcess::Start(launch);
  ASSERT_FALSE(process.ok());
  EXPECT_THAT(process.error().message,
              HasSubstr("the reference gateway (/bin/echo) printed an unexpected start-up line "
                        "\"--port=0 --metrics-port=0"));
}

TEST(RefGwProcessTest, ABinaryThatNeverAnswersTimesOut) {
  // A stand-in that takes any arguments, prints nothing and waits.
  const std::filesystem::path script =
      std::filesystem::path(::testing::TempDir()) / "silent_refgw.sh";
  {
    std::ofstream out(script);
    out << "#!/bin/sh\nexec sleep 30\n";
  }
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  RefGwLaunch launch;
  launch.binary = script;
  launch.startup_timeout = std::chrono::milliseconds(300);
  const auto began = std::chrono::steady_clock::now();
  auto process = RefGwProcess::Start(launch);
  ASSERT_FALSE(process.ok());
  EXPECT_THAT(process.error().message,
              HasSubstr("did not start: no start-up line before the deadline; it was killed by "
                        "signal 15"));
  EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(10));
  std::filesystem::remove(script);
}

TEST(RefGwProcessTest, TheStopFlagEndsAStartThatWaits) {
  // A stand-in that prints nothing: the start would wait out its whole timeout.
  const std::filesystem::path script =
      std::filesystem::path(::testing::TempDir()) / "waiting_refgw.sh";
  std::ofstream(script) << "#!/bin/sh\nexec sleep 120\n";
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  std::atomic<bool> stop{false};
  RefGwLaunch launch;
  launch.binary = script;
  launch.startup_timeout = std::chrono::seconds(60);
  launch.stop = &stop;
  std::jthread interrupter([&stop] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    stop.store(true);
  });
  const auto began = std::chrono::steady_clock::now();
  auto process = RefGwProcess::Start(launch);
  ASSERT_FALSE(process.ok());
  EXPECT_EQ(process.error().code, "interrupted");
  EXPECT_THAT(process.error().message, HasSubstr("was stopped while starting"));
  EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(10));
  std::filesystem::remove(script);
}

TEST(RefGwProcessTest, AMissingBinaryIsNamed) {
  RefGwLaunch launch;
  launch.binary = "/nonexistent/slogate_refgw";
  auto process = RefGwProcess::Start(launch);
  ASSERT_FALSE(process.ok());
  EXPECT_EQ(process.error().code, "not_found");
  EXPECT_EQ(process.error().message,
            "the reference gateway /nonexistent/slogate_refgw is not an executable file");
}

}  // namespace
}  // namespace slogate::suite
