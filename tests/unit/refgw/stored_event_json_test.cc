#include "stored_event_json.h"

#include <gtest/gtest.h>

namespace slogate::refgw {
namespace {

using nlohmann::json;

const auto kAt =
    std::chrono::system_clock::time_point(std::chrono::microseconds(1'800'000'000'123'456));

store::Event SampleEvent() {
  store::Event event;
  event.event_id = "e-1";
  event.session_id = "s-1";
  event.tenant = "acme";
  event.persona_id = "p";
  event.message = "hi";
  event.attachments = {"a.txt"};
  event.metadata = {{"tenant", "acme"}, {"k", "v"}};
  event.accepted_at = kAt;
  return event;
}

TEST(StoredEventJsonTest, IsoTimeIsUtcWithMicroseconds) {
  EXPECT_EQ(IsoTime(kAt), "2027-01-15T08:00:00.123456Z");
}

TEST(StoredEventJsonTest, StoredEventHasEveryFieldAndReplicationTime) {
  store::StoredEvent stored{SampleEvent(), kAt + std::chrono::milliseconds(2)};
  json record = StoredEventJson(stored);
  EXPECT_EQ(record["metadata"], json::parse(R"({"tenant":"acme","k":"v"})"));
  EXPECT_EQ(record["attachments"], json::parse(R"(["a.txt"])"));
  EXPECT_EQ(record["replicated_at"], "2027-01-15T08:00:00.125456Z");
  EXPECT_EQ(record.size(), 9u);
}

TEST(StoredEventJsonTest, DeadLetterWithAndWithoutADecodedEvent) {
  store::DeadLetter letter;
  letter.id = 3;
  letter.event_id = "e-1";
  letter.reason = "poison";
  letter.record_bytes = 120;
  letter.failed_at = kAt;
  EXPECT_TRUE(DeadLetterJson(letter)["event"].is_null());
  letter.event = SampleEvent();
  json with_event = DeadLetterJson(letter);
  EXPECT_EQ(with_event["event"]["message"], "hi");
  EXPECT_FALSE(with_event["event"].contains("replicated_at"));
  EXPECT_EQ(with_event["id"], 3);
  EXPECT_EQ(with_event["record_bytes"], 120);
}

TEST(StoredEventJsonTest, InvalidUtf8IsReplacedNotThrown) {
  EXPECT_EQ(DumpJson(json("a\xff")), "\"a\xEF\xBF\xBD\"");
}

}  // namespace
}  // namespace slogate::refgw
