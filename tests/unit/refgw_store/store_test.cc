#include "refgw/store/store.h"

#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "refgw/store/log_files.h"
#include "test_support.h"
#include "test_support_metrics.h"

namespace slogate::refgw::store {
namespace {

using std::chrono::milliseconds;

class StoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> OpenStore(StoreOptions options = {}) {
    options.data_dir = dir_.path();
    auto store = Store::Open(options, registry_);
    EXPECT_TRUE(store.ok()) << store.error().message;
    return store.ok() ? std::move(*store) : nullptr;
  }
  bool Replicated(Store& store, const std::string& event_id) {
    return testing::WaitFor([&] { return store.Find(event_id).has_value(); });
  }

  testing::TempDir dir_;
  prometheus::Registry registry_;
};

TEST_F(StoreTest, AppendedEventIsDurableThenReplicated) {
  auto store = OpenStore();
  const Event event = testing::MakeEvent("e-1", "s-1");
  EXPECT_EQ(store->Append(event), WriteOutcome::kWal);
  ASSERT_TRUE(Replicated(*store, "e-1"));
  const StoredEvent stored = *store->Find("e-1");
  EXPECT_EQ(stored.event.message, event.message);
  EXPECT_EQ(stored.event.metadata, event.metadata);
  EXPECT_GE(stored.replicated_at, event.accepted_at);
  ASSERT_EQ(store->ListBySession("s-1", 10).size(), 1u);
  EXPECT_EQ(store->DlqDepth(), 0);
  EXPECT_EQ(store->Stats().wal_events, 1u);
}

TEST_F(StoreTest, GroupCommitWritesAppendsWaitingTogetherWithOneSync) {
  auto store = OpenStore({.group_commit_window = milliseconds(200)});
  constexpr int kEvents = 50;
  std::atomic<int> durable{0};
  for (int i = 0; i < kEvents; ++i) {
    store->AppendAsync(testing::MakeEvent("e-" + std::to_string(i)), [&](WriteOutcome outcome) {
      if (outcome == WriteOutcome::kWal) ++durable;
    });
  }
  ASSERT_TRUE(testing::WaitFor([&] { return durable.load() == kEvents; }));
  const StoreStats stats = store->Stats();
  EXPECT_EQ(stats.wal_events, static_cast<uint64_t>(kEvents));
  EXPECT_EQ(stats.wal_syncs, stats.wal_batches);
  EXPECT_LE(stats.wal_syncs, 5u) << "appends queued within the window share a sync";
}

TEST_F(StoreTest, ConcurrentAppendersShareSyncsWithoutAWindow) {
  auto store = OpenStore();
  constexpr int kThreads = 8;
  constexpr int kPerThread = 100;
  std::vector<std::thread> threads;
  std::atomic<int> durable{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        const std::string id = "t" + std::to_string(t) + "-" + std::to_string(i);
        if (store->Append(testing::MakeEvent(id)) == WriteOutcome::kWal) ++durable;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(durable.load(), kThreads * kPerThread);
  const StoreStats stats = store->Stats();
  EXPECT_EQ(stats.wal_events, static_cast<uint64_t>(kThreads * kPerThread));
  EXPECT_LT(stats.wal_syncs, stats.wal_events);
}

TEST_F(StoreTest, RestartReplaysOnlyWhatFollowsTheCheckpoint) {
  {
    auto store = OpenStore();
    for (int i = 0; i < 20; ++i) store->Append(testing::MakeEvent("old-" + std::to_string(i)));
    ASSERT_TRUE(Replicated(*store, "old-19"));
    ASSERT_TRUE(testing::WaitFor([&] { return store->Stats().applied_events == 20; }));
    // Acknowledged but not replicated before the shutdown.
    store->faults().replicator_stall_until_ns = std::numeric_limits<int64_t>::max();
    for (int i = 0; i < 5; ++i) store->Append(testing::MakeEvent("new-" + std::to_string(i)));
  }
  auto store = OpenStore();
  ASSERT_TRUE(Replicated(*store, "new-4"));
  ASSERT_TRUE(testing::WaitFor([&] { return store->Stats().applied_events == 5; }));
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(store->Find("new-" + std::to_string(i)).has_value());
  EXPECT_EQ(store->Stats().applied_events, 5u) << "nothing before the checkpoint is re-applied";
  EXPECT_EQ(testing::MetricValue(registry_, "memory_replicator_events_total", "result", "ok"),
            25.0);
}

TEST_F(StoreTest, CheckpointInsideAFrameResumesAtTheNextRecord) {
  constexpr int kEvents = 60;
  uint64_t applied_first = 0;
  {
    auto store = OpenStore({.group_commit_window = milliseconds(300)});
    // Slow enough that transactions (bounded at 50 ms) commit in the middle of the frame.
    store->faults().replicator_delay_us = 4000;
    std::atomic<int> durable{0};
    for (int i = 0; i < kEvents; ++i) {
      store->AppendAsync(testing::MakeEvent("e-" + std::to_string(i)),
                         [&](WriteOutcome) { ++durable; });
    }
    ASSERT_TRUE(testing::WaitFor([&] { return durable.load() == kEvents; }));
    ASSERT_EQ(store->Stats().wal_batches, 1u) << "the test needs all events in one frame";
    ASSERT_TRUE(testing::WaitFor([&] { return store->Stats().applied_events >= 10; }));
    store->faults().replicator_stall_until_ns = std::numeric_limits<int64_t>::max();
  }
  // Read after shutdown: the transaction open at the stall commits on the way out.
  applied_first = static_cast<uint64_t>(
      testing::MetricValue(registry_, "memory_replicator_events_total", "result", "ok")
          .value_or(0));
  ASSERT_LT(applied_first, static_cast<uint64_t>(kEvents));
  auto store = OpenStore();
  ASSERT_TRUE(testing::WaitFor(
      [&] { return store->Stats().applied_events == kEvents - applied_first; }))
      << "first run applied " << applied_first << ", second " << store->Stats().applied_events;
  for (int i = 0; i < kEvents; ++i) EXPECT_TRUE(store->Find("e-" + std::to_string(i)).has_value());
  EXPECT_EQ(testing::MetricValue(registry_, "memory_replicator_events_total", "result", "ok"),
            static_cast<double>(kEvents));
}

TEST_F(StoreTest, RotatesSegmentsAndDeletesReplicatedOnes) {
  StoreOptions options{.max_segment_bytes = 2048};
  {
    auto store = OpenStore(options);
    for (int i = 0; i < 100; ++i) store->Append(testing::MakeEvent("e-" + std::to_string(i)));
    ASSERT_TRUE(Replicated(*store, "e-99"));
    ASSERT_TRUE(testing::WaitFor([&] { return ListSegments(dir_.path(), "wal")->size() <= 2; }));
    EXPECT_GT(ListSegments(dir_.path(), "wal")->back(), 5u) << "expected several rotations";
  }
  auto store = OpenStore(options);
  EXPECT_EQ(store->Append(testing::MakeEvent("after")), WriteOutcome::kWal);
  ASSERT_TRUE(Replicated(*store, "after"));
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(store->Find("e-" + std::to_string(i)).has_value());
}

TEST_F(StoreTest, RefusesToOpenOverCorruptionInTheMiddleOfTheWal) {
  {
    auto store = OpenStore();
    store->Append(testing::MakeEvent("a"));
    store->Append(testing::MakeEvent("b"));
  }
  const auto wal = SegmentPath(dir_.path(), "wal", 1);
  {
    std::fstream file(wal, std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(20);
    file.put('\x7F');
  }
  auto store = Store::Open({.data_dir = dir_.path()}, registry_);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, "corrupt_log");
  EXPECT_NE(store.error().message.find(wal.string() + ": frame checksum mismatch at offset 0"),
            std::string::npos)
      << store.error().message;
}

TEST_F(StoreTest, ASecondStoreOnTheSameDirectoryIsRefused) {
  auto first = OpenStore();
  prometheus::Registry other_registry;
  auto second = Store::Open({.data_dir = dir_.path()}, other_registry);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, "store_locked");
}

}  // namespace
}  // namespace slogate::refgw::store
