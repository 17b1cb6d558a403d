#include "refgw/store/checkpoint_plan.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace slogate::refgw::store {
namespace {

class CheckpointPlanTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = ReplicaDb::Open(dir_.path() / "replica.sqlite3", false);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
  }
  void Save(const std::string& name, LogCursor cursor) {
    ASSERT_TRUE(db_->SaveCursor(name, cursor).ok());
  }

  testing::TempDir dir_;
  std::unique_ptr<ReplicaDb> db_;
};

TEST(CheckpointNameTest, OneReplicatorKeepsTheLogName) {
  EXPECT_EQ(CheckpointName("wal", 0, 1), "wal");
  EXPECT_EQ(CheckpointName("outbox", 2, 3), "outbox.2/3");
}

TEST_F(CheckpointPlanTest, SameCountStartsEachReplicatorAtItsOwnCheckpoint) {
  Save("wal.0/2", {{1, 100}, 0});
  Save("wal.1/2", {{1, 40}, 2});
  auto plan = PlanCheckpoints(*db_, "wal", 2);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ((*plan)[0], (LogCursor{{1, 100}, 0}));
  EXPECT_EQ((*plan)[1], (LogCursor{{1, 40}, 2}));
}

TEST_F(CheckpointPlanTest, NewCountStartsEveryReplicatorAtTheOldestAndRemovesOldRows) {
  Save("wal.0/2", {{2, 100}, 0});
  Save("wal.1/2", {{1, 40}, 2});
  auto plan = PlanCheckpoints(*db_, "wal", 3);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  for (const auto& start : *plan) EXPECT_EQ(start, (LogCursor{{1, 40}, 2}));
  EXPECT_FALSE(db_->LoadCursor("wal.0/2")->has_value());
  EXPECT_EQ(*db_->LoadCursor("wal.2/3"), (LogCursor{{1, 40}, 2})) << "saved under the new names";
}

TEST_F(CheckpointPlanTest, OldReplicatorWithoutARowMeansFromTheFirstSegment) {
  Save("wal", {{3, 10}, 0});      // one replicator's name...
  Save("wal.0/2", {{3, 50}, 0});  // ...and two replicators, of which one never committed
  auto plan = PlanCheckpoints(*db_, "wal", 1);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ((*plan)[0], std::nullopt);
  EXPECT_FALSE(db_->LoadCursor("wal")->has_value());
}

}  // namespace
}  // namespace slogate::refgw::store
