// Several replicators: the partitioning, each replicator's own faults and metrics, and
// reopening with another replicator count.
#include <gtest/gtest.h>
#include <prometheus/registry.h>

#include <thread>

#include "refgw/store/store.h"
#include "test_support.h"
#include "test_support_metrics.h"

namespace slogate::refgw::store {
namespace {

using std::chrono::milliseconds;

// Stores with `count` replicators on one directory, each with its own registry.
class StoreReplicatorsTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> Open(size_t count) {
    registries_.clear();
    std::vector<prometheus::Registry*> pointers;
    for (size_t i = 0; i < count; ++i) {
      registries_.push_back(std::make_unique<prometheus::Registry>());
      pointers.push_back(registries_.back().get());
    }
    auto store = Store::Open({.data_dir = dir_.path(), .replicators = count}, pointers);
    EXPECT_TRUE(store.ok()) << store.error().message;
    return store.ok() ? std::move(*store) : nullptr;
  }
  double Applied(size_t replicator) {
    return testing::MetricValue(*registries_[replicator], "memory_replicator_events_total",
                                "result", "ok")
        .value_or(0.0);
  }
  std::optional<double> LagGauge(size_t replicator) {
    return testing::MetricValue(*registries_[replicator], "memory_replicator_lag_seconds");
  }
  // Appends ids "e-<first>".."e-<last>"; returns them.
  std::vector<std::string> AppendIds(Store& store, int first, int last) {
    std::vector<std::string> ids;
    for (int i = first; i <= last; ++i) {
      ids.push_back("e-" + std::to_string(i));
      EXPECT_EQ(store.Append(testing::MakeEvent(ids.back())), WriteOutcome::kWal);
    }
    return ids;
  }
  bool AllFound(Store& store, const std::vector<std::string>& ids) {
    return testing::WaitFor([&] {
      for (const std::string& id : ids) {
        if (!store.Find(id).has_value()) return false;
      }
      return true;
    });
  }

  testing::TempDir dir_;
  std::vector<std::unique_ptr<prometheus::Registry>> registries_;
};

TEST(PartitionOfTest, IsFnv1a64ModuloTheCount) {
  // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c, of "foobar" 0x85944171f73967e8.
  EXPECT_EQ(PartitionOf("a", 8), 0xaf63dc4c8601ec8cull % 8);
  EXPECT_EQ(PartitionOf("foobar", 7), 0x85944171f73967e8ull % 7);
  EXPECT_EQ(PartitionOf("anything", 1), 0u);
}

TEST_F(StoreReplicatorsTest, EachEventIsAppliedByTheReplicatorOfItsPartition) {
  auto store = Open(3);
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(store->replicator_count(), 3u);
  const std::vector<std::string> ids = AppendIds(*store, 1, 60);
  ASSERT_TRUE(AllFound(*store, ids));
  std::vector<double> expected(3, 0.0);
  for (const std::string& id : ids) expected[PartitionOf(id, 3)] += 1;
  ASSERT_TRUE(testing::WaitFor([&] { return store->Stats().applied_events == 60; }));
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_GT(expected[i], 0) << "every partition gets some of 60 ids";
    EXPECT_EQ(Applied(i), expected[i]) << "replicator " << i;
  }
}

TEST_F(StoreReplicatorsTest, StoppedReplicatorHoldsBackOnlyItsPartitionUntilResumed) {
  auto store = Open(2);
  ASSERT_NE(store, nullptr);
  store->faults().replicators[1].stopped = true;
  const std::vector<std::string> ids = AppendIds(*store, 1, 20);
  std::vector<std::string> running, held;
  for (const std::string& id : ids) (PartitionOf(id, 2) == 0 ? running : held).push_back(id);
  ASSERT_FALSE(held.empty());
  ASSERT_TRUE(AllFound(*store, running));
  std::this_thread::sleep_for(milliseconds(200));  // a running replicator applies in ~ms
  for (const std::string& id : held) EXPECT_FALSE(store->Find(id).has_value()) << id;
  EXPECT_EQ(Applied(1), 0.0);
  store->faults().replicators[1].stopped = false;
  EXPECT_TRUE(AllFound(*store, held));
}

TEST_F(StoreReplicatorsTest, HoldAppliesAnEventNoEarlierThanAcceptedPlusTheHold) {
  auto store = Open(1);
  ASSERT_NE(store, nullptr);
  store->faults().replicators[0].hold_us = 400000;
  const auto appended = std::chrono::steady_clock::now();
  AppendIds(*store, 1, 1);
  ASSERT_TRUE(AllFound(*store, {"e-1"}));
  EXPECT_GE(std::chrono::steady_clock::now() - appended, milliseconds(390));
  // The lag is measured once the row is committed, so a reader may find the event a moment
  // before it is set (seen under ThreadSanitizer's slowdown).
  ASSERT_TRUE(testing::WaitFor([&] { return store->ReplicatorLagSeconds().has_value(); }));
  EXPECT_GE(store->ReplicatorLagSeconds().value_or(0), 0.39);
}

TEST_F(StoreReplicatorsTest, LagGaugeLiesWhileEventsAreAppliedTruthfully) {
  auto store = Open(2);
  ASSERT_NE(store, nullptr);
  store->SetLagGauge(0, {LagGaugeFault::Mode::kFixed, 7.5});
  store->SetLagGauge(1, {LagGaugeFault::Mode::kAbsent, 0});
  const std::vector<std::string> ids = AppendIds(*store, 1, 10);
  ASSERT_TRUE(AllFound(*store, ids));
  ASSERT_TRUE(testing::WaitFor([&] { return store->Stats().applied_events == 10; }));
  EXPECT_EQ(LagGauge(0), 7.5);
  EXPECT_EQ(LagGauge(1), std::nullopt) << "the series is not exposed at all";
  EXPECT_LT(store->ReplicatorLagSeconds().value_or(99), 5.0) << "the measured lag is kept";
  store->SetLagGauge(1, {});  // truthful again: the last measured value
  EXPECT_EQ(LagGauge(1), store->ReplicatorLagSeconds(1));
}

TEST_F(StoreReplicatorsTest, FrozenLagGaugeKeepsItsValue) {
  auto store = Open(1);
  ASSERT_NE(store, nullptr);
  AppendIds(*store, 1, 1);
  ASSERT_TRUE(testing::WaitFor([&] { return store->Stats().applied_events == 1; }));
  const std::optional<double> before = LagGauge(0);
  store->SetLagGauge(0, {LagGaugeFault::Mode::kFrozen, 0});
  store->faults().replicators[0].hold_us = 50000;  // the next lag is surely different
  AppendIds(*store, 2, 2);
  ASSERT_TRUE(testing::WaitFor([&] { return store->Stats().applied_events == 2; }));
  EXPECT_EQ(LagGauge(0), before);
  EXPECT_GE(store->ReplicatorLagSeconds().value_or(0), 0.05);
}

TEST_F(StoreReplicatorsTest, ReopeningWithAnotherCountLosesNothingAHeldPartitionHad) {
  std::vector<std::string> ids;
  {
    auto store = Open(2);
    ASSERT_NE(store, nullptr);
    store->faults().replicators[1].stopped = true;  // its partition stays unapplied
    ids = AppendIds(*store, 1, 30);
  }
  for (size_t count : {3u, 1u}) {
    auto store = Open(count);
    ASSERT_NE(store, nullptr);
    ids.push_back(
        AppendIds(*store, static_cast<int>(100 + count), static_cast<int>(100 + count)).front());
    EXPECT_TRUE(AllFound(*store, ids)) << count << " replicators";
  }
}

TEST_F(StoreReplicatorsTest, RefusesARegistryCountOtherThanTheReplicatorCount) {
  prometheus::Registry registry;
  auto store = Store::Open({.data_dir = dir_.path(), .replicators = 2}, registry);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, "bad_store_options");
  EXPECT_NE(store.error().message.find("replicators = 1"), std::string::npos)
      << store.error().message;
}

}  // namespace
}  // namespace slogate::refgw::store
