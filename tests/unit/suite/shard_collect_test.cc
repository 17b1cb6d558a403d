// Share 0 of a split run waits for the others' results in a directory and merges them; it names
// the shares that never came, ignores what is not a share of its run, and stops at once when
// told to.
#include "slogate/suite/shard_collect.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "sample_run.h"
#include "slogate/load/run_result_json.h"

namespace slogate::suite {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

constexpr int kShares = 3;

class ShardCollectTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("shard_collect_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Share `index` of one schedule started at `start_s`.
  static load::RunResult Share(int index, int64_t start_s = 1'790'000'000) {
    load::RunResult run = testing::SampleRun(static_cast<uint64_t>(index) + 1, start_s);
    const load::RunResult first = testing::SampleRun(1, start_s);
    run.target_rps = first.target_rps;
    run.peak_rps = first.peak_rps;
    run.duration = first.duration;
    run.rate_plan = first.rate_plan;
    run.shard = {index, kShares};
    return run;
  }

  void Write(const std::string& name, const load::RunResult& run) const {
    std::ofstream(dir_ / name) << load::ToJson(run).dump();
  }

  ShardCollection Collection(std::chrono::nanoseconds wait = 5s) const {
    return {dir_, wait, nullptr};
  }

  fs::path dir_;
};

TEST_F(ShardCollectTest, MergesEveryOtherShareAndIgnoresWhatIsNoShareOfTheRun) {
  Write("shard-1.json", Share(1));
  Write("shard-2.json", Share(2));
  Write("old-run.json", Share(1, 1'780'000'000));  // a share of an earlier run
  Write("again-0.json", Share(0));                 // this share's own index
  std::ofstream(dir_ / "notes.txt") << "not a result";
  std::ofstream(dir_ / "broken.json") << "{\"schema_version\":";
  const load::RunResult own = Share(0);
  Result<load::RunResult> whole = CollectShards(own, Collection());
  ASSERT_TRUE(whole.ok()) << whole.error().message;
  EXPECT_EQ(whole->sent, own.sent + Share(1).sent + Share(2).sent);
  EXPECT_EQ(whole->scheduled, own.scheduled + Share(1).scheduled + Share(2).scheduled);
}

TEST_F(ShardCollectTest, AFileOfTheSameStartButAnotherScheduleIsNamedAndNeverTakesASlot) {
  load::RunResult other_schedule = Share(2);
  other_schedule.target_rps *= 2;
  Write("a-other.json", other_schedule);  // read first: its name sorts before the real one's
  load::RunResult other_mark = Share(2);
  other_mark.latency_mark = std::chrono::milliseconds(150);
  Write("b-mark.json", other_mark);
  Write("shard-1.json", Share(1));
  Result<load::RunResult> without = CollectShards(Share(0), Collection(300ms));
  ASSERT_FALSE(without.ok());
  EXPECT_THAT(without.error().message, HasSubstr("a-other.json: not a share of this run: "
                                                 "another schedule"));
  EXPECT_THAT(without.error().message, HasSubstr("another latency mark"));
  Write("shard-2.json", Share(2));
  EXPECT_TRUE(CollectShards(Share(0), Collection()).ok());
}

TEST_F(ShardCollectTest, AFileTooLargeForAShareIsNotRead) {
  Write("shard-1.json", Share(1));
  {
    std::ofstream huge(dir_ / "shard-2.json");
    huge.seekp((std::streamoff{257} << 20) - 1);  // sparse: no disk is spent on it
    huge.put('}');
  }
  Result<load::RunResult> whole = CollectShards(Share(0), Collection(300ms));
  ASSERT_FALSE(whole.ok());
  EXPECT_THAT(whole.error().message, HasSubstr("257 MiB, too large for a share's result"));
}

TEST_F(ShardCollectTest, WaitsForAShareThatComesLate) {
  Write("shard-1.json", Share(1));
  std::thread late([this] {
    std::this_thread::sleep_for(400ms);
    Write("shard-2.json", Share(2));
  });
  Result<load::RunResult> whole = CollectShards(Share(0), Collection());
  late.join();
  EXPECT_TRUE(whole.ok()) << whole.error().message;
}

TEST_F(ShardCollectTest, NamesTheSharesThatNeverCameAndWhyAFileWasNoShare) {
  Write("shard-1.json", Share(1));
  std::ofstream(dir_ / "shard-2.json") << "{\"schema_version\":";  // never finished
  const auto started = std::chrono::steady_clock::now();
  Result<load::RunResult> whole = CollectShards(Share(0), Collection(300ms));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  ASSERT_FALSE(whole.ok());
  EXPECT_EQ(whole.error().code, "shards_missing");
  EXPECT_THAT(whole.error().message, HasSubstr("no result of share 2 (of 0..2) came"));
  EXPECT_THAT(whole.error().message, HasSubstr("shard-2.json"));
}

TEST_F(ShardCollectTest, AStopSignalEndsTheWaitAtOnce) {
  std::atomic<bool> stop{false};
  std::thread signal([&stop] {
    std::this_thread::sleep_for(300ms);
    stop = true;
  });
  const auto started = std::chrono::steady_clock::now();
  Result<load::RunResult> whole = CollectShards(Share(0), {dir_, 60s, &stop});
  signal.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  ASSERT_FALSE(whole.ok());
  EXPECT_THAT(whole.error().message, HasSubstr("before the stop signal"));
}

TEST_F(ShardCollectTest, AMissingDirectoryIsNamed) {
  fs::remove_all(dir_);
  Result<load::RunResult> whole = CollectShards(Share(0), Collection(100ms));
  ASSERT_FALSE(whole.ok());
  EXPECT_THAT(whole.error().message, HasSubstr("cannot list the directory"));
}

TEST(TakeShareTest, TheSharesCapsAddUpToTheRunsAndATooSmallCapIsRefused) {
  int total = 0;
  for (int index = 0; index < 3; ++index) {
    load::LoadOptions options;
    options.concurrency = 20;
    ASSERT_TRUE(load::TakeShare(options, {index, 3}, std::nullopt).ok());
    EXPECT_EQ(options.concurrency, index < 2 ? 7 : 6);
    EXPECT_EQ(options.shard, (load::ShardSpec{index, 3}));
    total += options.concurrency;
  }
  EXPECT_EQ(total, 20);
  load::LoadOptions small;
  small.concurrency = 2;
  const Status refused = load::TakeShare(small, {0, 3}, std::nullopt);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error().message, HasSubstr("cannot be split into 3 shares"));
}

}  // namespace
}  // namespace slogate::suite
