// The store's deterministic faults and the replicator's metric semantics.
#include <gtest/gtest.h>
#include <prometheus/registry.h>
#include <sys/resource.h>

#include <csignal>
#include <thread>

#include "refgw/store/log_files.h"
#include "refgw/store/store.h"
#include "test_support.h"
#include "test_support_metrics.h"

namespace slogate::refgw::store {
namespace {

using std::chrono::milliseconds;

class StoreFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = Store::Open({.data_dir = dir_.path()}, registry_);
    ASSERT_TRUE(store.ok()) << store.error().message;
    store_ = std::move(*store);
  }
  std::string Id(int i) { return "e-" + std::to_string(i); }
  // Waits until the replicator handled `count` events in total.
  bool Handled(uint64_t count) {
    return testing::WaitFor([&] { return store_->Stats().applied_events == count; });
  }
  std::optional<double> Events(const std::string& result) {
    return testing::MetricValue(registry_, "memory_replicator_events_total", "result", result);
  }

  testing::TempDir dir_;
  prometheus::Registry registry_;
  std::unique_ptr<Store> store_;
};

TEST_F(StoreFaultsTest, WalFailureSendsEveryKthAppendToTheOutboxAndItIsReplicated) {
  store_->faults().wal_fail_every_k = 3;
  for (int i = 1; i <= 12; ++i) {
    const WriteOutcome expected = i % 3 == 0 ? WriteOutcome::kOutbox : WriteOutcome::kWal;
    EXPECT_EQ(store_->Append(testing::MakeEvent(Id(i))), expected) << i;
  }
  ASSERT_TRUE(Handled(12));
  for (int i = 1; i <= 12; ++i) EXPECT_TRUE(store_->Find(Id(i)).has_value()) << i;
  EXPECT_EQ(store_->Stats().outbox_events, 4u);
}

TEST_F(StoreFaultsTest, BothLogsFailingIsAFailedWriteThatIsNeverReplicated) {
  store_->faults().wal_fail_every_k = 1;
  store_->faults().outbox_fail_every_k = 2;
  for (int i = 1; i <= 6; ++i) {
    const WriteOutcome expected = i % 2 == 0 ? WriteOutcome::kFailed : WriteOutcome::kOutbox;
    EXPECT_EQ(store_->Append(testing::MakeEvent(Id(i))), expected) << i;
  }
  ASSERT_TRUE(Handled(3));
  for (int i = 1; i <= 6; ++i) EXPECT_EQ(store_->Find(Id(i)).has_value(), i % 2 == 1) << i;
  EXPECT_EQ(store_->Stats().failed_events, 3u);
}

TEST_F(StoreFaultsTest, OutboxEventsSurviveARestart) {
  store_->faults().wal_fail_every_k = 1;
  store_->faults().replicator_stall_until_ns = std::numeric_limits<int64_t>::max();
  for (int i = 0; i < 10; ++i) {
    ASSERT_EQ(store_->Append(testing::MakeEvent(Id(i))), WriteOutcome::kOutbox);
  }
  EXPECT_EQ(store_->Stats().applied_events, 0u);
  store_.reset();
  prometheus::Registry registry;
  auto reopened = Store::Open({.data_dir = dir_.path()}, registry);
  ASSERT_TRUE(reopened.ok()) << reopened.error().message;
  ASSERT_TRUE(testing::WaitFor([&] { return (*reopened)->Stats().applied_events == 10; }));
  for (int i = 0; i < 10; ++i) EXPECT_TRUE((*reopened)->Find(Id(i)).has_value()) << i;
}

// A real write error (file size limit, EFBIG) rather than the injected fault.
TEST_F(StoreFaultsTest, RealWalWriteErrorFallsBackToTheOutbox) {
  store_->faults().replicator_stall_until_ns = std::numeric_limits<int64_t>::max();
  Event big = testing::MakeEvent("big");
  big.message.assign(64 * 1024, 'x');
  ASSERT_EQ(store_->Append(big), WriteOutcome::kWal);
  const uint64_t wal_size = std::filesystem::file_size(SegmentPath(dir_.path(), "wal", 1));

  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  const auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limited = saved;
  limited.rlim_cur = wal_size + 1024;  // the outbox is empty, the WAL is near the limit
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limited), 0);
  big.event_id = "rescued";
  const WriteOutcome outcome = store_->Append(big);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &saved), 0);
  std::signal(SIGXFSZ, previous_handler);

  EXPECT_EQ(outcome, WriteOutcome::kOutbox);
  EXPECT_EQ(std::filesystem::file_size(SegmentPath(dir_.path(), "wal", 1)), wal_size);
  store_->faults().replicator_stall_until_ns = 0;
  ASSERT_TRUE(Handled(2));
  EXPECT_TRUE(store_->Find("rescued").has_value());
  EXPECT_EQ(store_->Append(testing::MakeEvent("later")), WriteOutcome::kWal);
}

TEST_F(StoreFaultsTest, PoisonedEventsGoToTheDlqAndCountAsErrors) {
  store_->faults().poison_every_k = 4;
  for (int i = 1; i <= 20; ++i) store_->Append(testing::MakeEvent(Id(i)));
  ASSERT_TRUE(Handled(20));
  EXPECT_EQ(store_->DlqDepth(), 5);
  EXPECT_EQ(store_->DlqDepth("another.topic"), 0);
  for (int i = 1; i <= 20; ++i) EXPECT_EQ(store_->Find(Id(i)).has_value(), i % 4 != 0) << i;
  EXPECT_EQ(Events("ok"), 15.0);
  EXPECT_EQ(Events("error"), 5.0);
  auto page = store_->ListDeadLetters(Store::kDefaultDlqTopic, 0, 100);
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_EQ(page->depth, 5);
  const std::vector<DeadLetter>& letters = page->letters;
  ASSERT_EQ(letters.size(), 5u);
  EXPECT_EQ(letters[0].event_id, Id(4));
  ASSERT_TRUE(letters[0].event.has_value());
  EXPECT_EQ(letters[0].event->message, "hello " + Id(4));
  auto second = store_->ListDeadLetters(Store::kDefaultDlqTopic, letters[1].id, 2);
  ASSERT_TRUE(second.ok()) << second.error().message;
  EXPECT_EQ(second->depth, 5) << "the depth is the topic's, not the page's";
  ASSERT_EQ(second->letters.size(), 2u);
  EXPECT_EQ(second->letters[0].event_id, Id(12));
  auto replicated = store_->ReadEvents(0, std::nullopt, 100);
  ASSERT_TRUE(replicated.ok()) << replicated.error().message;
  EXPECT_EQ(replicated->events.size(), 15u) << "dead letters are not replica records";
}

TEST_F(StoreFaultsTest, DroppedEventsSilentlyNeverReachTheReplica) {
  store_->faults().drop_every_k = 5;
  for (int i = 1; i <= 20; ++i) store_->Append(testing::MakeEvent(Id(i)));
  ASSERT_TRUE(Handled(20));
  for (int i = 1; i <= 20; ++i) EXPECT_EQ(store_->Find(Id(i)).has_value(), i % 5 != 0) << i;
  EXPECT_EQ(store_->DlqDepth(), 0);
  EXPECT_EQ(Events("ok"), 20.0) << "a silent drop looks like success";
  EXPECT_FALSE(Events("error").has_value()) << "labelled series appear on first use";
}

TEST_F(StoreFaultsTest, DelayIsAddedToEveryEventsReplicationTime) {
  store_->faults().replicator_delay_us = 30000;
  store_->Append(testing::MakeEvent(Id(1)));
  store_->Append(testing::MakeEvent(Id(2)));
  ASSERT_TRUE(Handled(2));
  const auto [count, sum] =
      testing::HistogramCountAndSum(registry_, "memory_replicator_replication_seconds");
  EXPECT_EQ(count, 2u);
  EXPECT_GE(sum, 0.060);
  EXPECT_GE(store_->ReplicatorLagSeconds().value_or(0), 0.030);
}

TEST_F(StoreFaultsTest, StallAppliesNothingUntilItEnds) {
  const auto stall_end = std::chrono::system_clock::now() + milliseconds(400);
  store_->faults().replicator_stall_until_ns =
      std::chrono::duration_cast<std::chrono::nanoseconds>(stall_end.time_since_epoch()).count();
  ASSERT_EQ(store_->Append(testing::MakeEvent(Id(1))), WriteOutcome::kWal);
  ASSERT_TRUE(Handled(1));
  const auto stored = store_->Find(Id(1));
  ASSERT_TRUE(stored.has_value());
  EXPECT_GE(stored->replicated_at, stall_end);
  EXPECT_GE(*store_->ReplicatorLagSeconds(), 0.3);
}

TEST_F(StoreFaultsTest, LagIsSetPerEventAndStaleWhileIdle) {
  EXPECT_FALSE(store_->ReplicatorLagSeconds().has_value()) << "no value before the first event";
  Event late = testing::MakeEvent(Id(1));
  late.accepted_at -= std::chrono::seconds(5);  // accepted long ago: lag is about 5 s
  store_->Append(late);
  ASSERT_TRUE(Handled(1));
  const double lag = *store_->ReplicatorLagSeconds();
  EXPECT_GE(lag, 5.0);
  EXPECT_LT(lag, 6.0);
  EXPECT_EQ(testing::MetricValue(registry_, "memory_replicator_lag_seconds"), lag);

  // Idle: nothing updates the gauge, so it keeps the old value however long we wait.
  std::this_thread::sleep_for(milliseconds(300));
  EXPECT_EQ(*store_->ReplicatorLagSeconds(), lag);
  EXPECT_EQ(testing::MetricValue(registry_, "memory_replicator_lag_seconds"), lag);

  Event future = testing::MakeEvent(Id(2));
  future.accepted_at += std::chrono::hours(1);  // clock skew: clamped at zero
  store_->Append(future);
  ASSERT_TRUE(Handled(2));
  EXPECT_EQ(*store_->ReplicatorLagSeconds(), 0.0);
}

TEST_F(StoreFaultsTest, FaultsCanBeTurnedOffAgain) {
  store_->faults().wal_fail_every_k = 1;
  EXPECT_EQ(store_->Append(testing::MakeEvent(Id(1))), WriteOutcome::kOutbox);
  store_->faults().wal_fail_every_k = 0;
  EXPECT_EQ(store_->Append(testing::MakeEvent(Id(2))), WriteOutcome::kWal);
}

}  // namespace
}  // namespace slogate::refgw::store
