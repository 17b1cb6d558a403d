#include "refgw/store/event_codec.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace slogate::refgw::store {
namespace {

TEST(EventCodecTest, RoundTripsEveryField) {
  Event event = testing::MakeEvent("e-1", "session-9");
  event.message = std::string("bytes \0 and \xFF survive", 22);
  std::string record;
  EncodeEvent(event, &record);
  auto decoded = DecodeEvent(record);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->event_id, "e-1");
  EXPECT_EQ(decoded->session_id, "session-9");
  EXPECT_EQ(decoded->tenant, "public");
  EXPECT_EQ(decoded->persona_id, "persona-e-1");
  EXPECT_EQ(decoded->message, event.message);
  EXPECT_EQ(decoded->attachments, event.attachments);
  EXPECT_EQ(decoded->metadata, event.metadata);
  EXPECT_EQ(decoded->accepted_at, event.accepted_at);
}

TEST(EventCodecTest, RoundTripsEmptyCollections) {
  Event event;
  event.event_id = "only-id";
  std::string record;
  EncodeEvent(event, &record);
  auto decoded = DecodeEvent(record);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->event_id, "only-id");
  EXPECT_TRUE(decoded->attachments.empty());
  EXPECT_TRUE(decoded->metadata.empty());
}

TEST(EventCodecTest, RejectsEveryTruncationWithTheOffset) {
  std::string record;
  EncodeEvent(testing::MakeEvent("e-2"), &record);
  for (size_t size = 0; size < record.size(); ++size) {
    auto decoded = DecodeEvent(std::string_view(record).substr(0, size));
    ASSERT_FALSE(decoded.ok()) << size;
    EXPECT_EQ(decoded.error().code, "bad_event_record");
    EXPECT_NE(decoded.error().message.find("truncated at byte"), std::string::npos)
        << decoded.error().message;
  }
}

TEST(EventCodecTest, RejectsTrailingBytes) {
  std::string record;
  EncodeEvent(testing::MakeEvent("e-3"), &record);
  record += "xy";
  auto decoded = DecodeEvent(record);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.error().message.find("2 unexpected trailing bytes"), std::string::npos);
}

TEST(EventCodecTest, RejectsAnUnknownVersion) {
  std::string record;
  EncodeEvent(testing::MakeEvent("e-4"), &record);
  record[0] = 9;
  auto decoded = DecodeEvent(record);
  ASSERT_FALSE(decoded.ok());
  EXPECT_NE(decoded.error().message.find("unknown version 9"), std::string::npos);
}

TEST(EventCodecTest, RejectsAHugeCountWithoutAllocatingIt) {
  Event event;
  event.event_id = "e-5";
  std::string record;
  EncodeEvent(event, &record);
  // Version byte, "e-5" with its length, then four empty strings; the count comes next.
  const size_t count_at = 1 + (4 + 3) + 4 * 4;
  for (size_t i = 0; i < 4; ++i) record[count_at + i] = '\xFF';
  auto decoded = DecodeEvent(record);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().code, "bad_event_record");
}

}  // namespace
}  // namespace slogate::refgw::store
