#include "refgw/store/replica_db.h"

#include <gtest/gtest.h>

#include "refgw/store/event_codec.h"
#include "test_support.h"

namespace slogate::refgw::store {
namespace {

class ReplicaDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = ReplicaDb::Open(dir_.path() / "replica.sqlite3", true);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
  }
  testing::TempDir dir_;
  std::unique_ptr<ReplicaDb> db_;
};

TEST_F(ReplicaDbTest, StoresAndFindsAnEventWithEveryField) {
  const Event event = testing::MakeEvent("e-1", "s-1");
  const auto replicated_at = event.accepted_at + std::chrono::milliseconds(5);
  ASSERT_TRUE(db_->InsertEvent(event, replicated_at).ok());
  auto found = db_->Find("e-1");
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_TRUE(found->has_value());
  const StoredEvent& stored = **found;
  EXPECT_EQ(stored.event.session_id, "s-1");
  EXPECT_EQ(stored.event.persona_id, "persona-e-1");
  EXPECT_EQ(stored.event.message, "hello e-1");
  EXPECT_EQ(stored.event.attachments, event.attachments);
  EXPECT_EQ(stored.event.metadata, event.metadata);
  EXPECT_EQ(stored.event.accepted_at, event.accepted_at);
  EXPECT_EQ(stored.replicated_at, replicated_at);
  auto missing = db_->Find("nope");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_F(ReplicaDbTest, ReapplyingAnEventIsIdempotent) {
  Event event = testing::MakeEvent("e-1");
  ASSERT_TRUE(db_->InsertEvent(event, event.accepted_at).ok());
  event.message = "a second copy must not overwrite the first";
  ASSERT_TRUE(db_->InsertEvent(event, event.accepted_at).ok());
  auto found = db_->Find("e-1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->event.message, "hello e-1");
  auto listed = db_->ListBySession("s-1", 10);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 1u);
}

TEST_F(ReplicaDbTest, ListsASessionOldestFirstUpToTheLimit) {
  const auto base = std::chrono::system_clock::now();
  for (int i = 0; i < 5; ++i) {
    Event event = testing::MakeEvent("e-" + std::to_string(i), "s-1");
    event.accepted_at = base - std::chrono::seconds(i);  // later ids are older
    ASSERT_TRUE(db_->InsertEvent(event, base).ok());
  }
  ASSERT_TRUE(db_->InsertEvent(testing::MakeEvent("other", "s-2"), base).ok());
  auto listed = db_->ListBySession("s-1", 3);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 3u);
  EXPECT_EQ((*listed)[0].event.event_id, "e-4");
  EXPECT_EQ((*listed)[2].event.event_id, "e-2");
  EXPECT_TRUE(db_->ListBySession("s-1", 0)->empty());
}

TEST_F(ReplicaDbTest, CountsDeadLettersPerTopic) {
  const auto now = std::chrono::system_clock::now();
  ASSERT_TRUE(db_->InsertDeadLetter("memory.wal.dlq", "e-1", "poison", "bytes", now).ok());
  ASSERT_TRUE(db_->InsertDeadLetter("memory.wal.dlq", "e-2", "poison", "bytes", now).ok());
  ASSERT_TRUE(db_->InsertDeadLetter("other", "e-3", "poison", "bytes", now).ok());
  EXPECT_EQ(*db_->DlqDepth("memory.wal.dlq"), 2);
  EXPECT_EQ(*db_->DlqDepth("other"), 1);
  EXPECT_EQ(*db_->DlqDepth("unused"), 0);
}

TEST_F(ReplicaDbTest, ReadsEventsInReplicationOrderPageByPage) {
  const auto now = std::chrono::system_clock::now();
  for (int i = 0; i < 7; ++i) {
    Event event = testing::MakeEvent("e-" + std::to_string(i));
    event.tenant = i % 2 == 0 ? "even" : "odd";
    event.accepted_at = now - std::chrono::seconds(i);  // acceptance order is not the order
    ASSERT_TRUE(db_->InsertEvent(event, now).ok());
  }
  std::vector<std::string> seen;
  int64_t after = 0;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = db_->ReadEvents(after, std::nullopt, 3);
    ASSERT_TRUE(page.ok()) << page.error().message;
    for (const StoredEvent& stored : page->events) seen.push_back(stored.event.event_id);
    if (page->events.empty()) {
      EXPECT_EQ(page->last_sequence, after);
      break;
    }
    EXPECT_GT(page->last_sequence, after);
    after = page->last_sequence;
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"e-0", "e-1", "e-2", "e-3", "e-4", "e-5", "e-6"}));

  auto odd = db_->ReadEvents(0, "odd", 100);
  ASSERT_TRUE(odd.ok());
  ASSERT_EQ(odd->events.size(), 3u);
  EXPECT_EQ(odd->events[0].event.event_id, "e-1");
  EXPECT_EQ(odd->events[2].event.event_id, "e-5");
  EXPECT_TRUE(db_->ReadEvents(0, "nobody", 100)->events.empty());
  EXPECT_TRUE(db_->ReadEvents(0, std::nullopt, 0)->events.empty());
}

TEST_F(ReplicaDbTest, ListsDeadLettersOfATopicWithTheirDecodedEvents) {
  const auto now = std::chrono::system_clock::now();
  std::string record;
  EncodeEvent(testing::MakeEvent("e-1"), &record);
  ASSERT_TRUE(db_->InsertDeadLetter("memory.wal.dlq", "e-1", "poison", record, now).ok());
  ASSERT_TRUE(db_->InsertDeadLetter("other", "e-2", "poison", record, now).ok());
  ASSERT_TRUE(db_->InsertDeadLetter("memory.wal.dlq", "", "undecodable", "\x01\x02", now).ok());

  auto letters = db_->ListDeadLetters("memory.wal.dlq", 0, 10);
  ASSERT_TRUE(letters.ok()) << letters.error().message;
  ASSERT_EQ(letters->size(), 2u);
  const DeadLetter& first = (*letters)[0];
  EXPECT_EQ(first.event_id, "e-1");
  EXPECT_EQ(first.reason, "poison");
  EXPECT_EQ(first.topic, "memory.wal.dlq");
  EXPECT_EQ(first.record_bytes, record.size());
  ASSERT_TRUE(first.event.has_value());
  EXPECT_EQ(first.event->message, "hello e-1");
  EXPECT_EQ((*letters)[1].reason, "undecodable");
  EXPECT_FALSE((*letters)[1].event.has_value());
  EXPECT_EQ((*letters)[1].record_bytes, 2u);

  auto after_first = db_->ListDeadLetters("memory.wal.dlq", first.id, 10);
  ASSERT_TRUE(after_first.ok());
  ASSERT_EQ(after_first->size(), 1u);
  EXPECT_EQ((*after_first)[0].reason, "undecodable");
  EXPECT_EQ(db_->ListDeadLetters("memory.wal.dlq", 0, 1)->size(), 1u);
}

TEST_F(ReplicaDbTest, CheckpointCommitsOrRollsBackWithTheRows) {
  auto none = db_->LoadCursor("wal");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  ASSERT_TRUE(db_->Begin().ok());
  ASSERT_TRUE(db_->InsertEvent(testing::MakeEvent("kept"), {}).ok());
  ASSERT_TRUE(db_->SaveCursor("wal", {{2, 100}, 3}).ok());
  ASSERT_TRUE(db_->Commit().ok());

  ASSERT_TRUE(db_->Begin().ok());
  ASSERT_TRUE(db_->InsertEvent(testing::MakeEvent("rolled-back"), {}).ok());
  ASSERT_TRUE(db_->SaveCursor("wal", {{2, 500}, 0}).ok());
  db_->Rollback();

  auto reopened = ReplicaDb::Open(dir_.path() / "replica.sqlite3", true);
  ASSERT_TRUE(reopened.ok());
  auto cursor = (*reopened)->LoadCursor("wal");
  ASSERT_TRUE(cursor.ok() && cursor->has_value());
  EXPECT_EQ(**cursor, (LogCursor{{2, 100}, 3}));
  EXPECT_TRUE((*reopened)->Find("kept")->has_value());
  EXPECT_FALSE((*reopened)->Find("rolled-back")->has_value());
}

TEST(ReplicaDbOpenTest, ReportsAnUnopenablePath) {
  testing::TempDir dir;
  auto db = ReplicaDb::Open(dir.path() / "missing-dir" / "replica.sqlite3", true);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().code, "replica_io");
  EXPECT_NE(db.error().message.find("missing-dir"), std::string::npos) << db.error().message;
}

}  // namespace
}  // namespace slogate::refgw::store
