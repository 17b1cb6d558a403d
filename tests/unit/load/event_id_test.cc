#include "event_id.h"

#include <gtest/gtest.h>

#include <string>

namespace slogate::load {
namespace {

struct FindCase {
  const char* name;
  const char* body;
  const char* expected;
};

class FindEventIdTest : public testing::TestWithParam<FindCase> {};

TEST_P(FindEventIdTest, ExtractsTheValue) {
  const EventIdMatch match = FindEventId(GetParam().body);
  EXPECT_EQ(match.id, GetParam().expected);
  EXPECT_FALSE(match.too_long);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, FindEventIdTest,
    testing::Values(
        FindCase{"GatewayResponse",
                 R"({"session_id": "a", "event_id": "6f1c2d3e-0000-4000-8000-000000000001"})",
                 "6f1c2d3e-0000-4000-8000-000000000001"},
        FindCase{"Compact", R"({"event_id":"x1"})", "x1"},
        FindCase{"SpacesAndNewlines", "{\n  \"event_id\" :\n \"abc\"\n}", "abc"},
        FindCase{"KeyAppearsAsValueFirst", R"({"kind": "event_id", "event_id": "real"})", "real"},
        FindCase{"Missing", R"({"session_id": "a"})", ""},
        FindCase{"NotAString", R"({"event_id": 17})", ""},
        FindCase{"Unterminated", R"({"event_id": "abc)", ""},
        FindCase{"Escaped", R"({"event_id": "a\"b"})", ""}, FindCase{"Empty", "", ""}),
    [](const testing::TestParamInfo<FindCase>& param_info) { return param_info.param.name; });

TEST(FindEventIdTest, KeepsAnIdOfExactlyTheLimit) {
  const std::string id(kMaxEventIdBytes, 'a');
  const std::string body = R"({"event_id": ")" + id + R"("})";
  const EventIdMatch match = FindEventId(body);
  EXPECT_EQ(match.id, id);
  EXPECT_FALSE(match.too_long);
}

TEST(FindEventIdTest, AnIdPastTheLimitIsTooLongAndNotReturned) {
  const std::string body = R"({"event_id": ")" + std::string(kMaxEventIdBytes + 1, 'a') + R"("})";
  const EventIdMatch match = FindEventId(body);
  EXPECT_TRUE(match.id.empty());
  EXPECT_TRUE(match.too_long);
}

TEST(FindEventIdTest, AnIdCutOffPastTheLimitIsTooLong) {
  // The worker keeps only the first 16 KiB of a body: a 16 KiB id arrives without its end.
  const std::string body = R"({"event_id": ")" + std::string(16 * 1024, 'x');
  const EventIdMatch match = FindEventId(body);
  EXPECT_TRUE(match.too_long);
}

TEST(FindEventIdTest, AnIdCutOffBeforeTheLimitIsNoIdNotTooLong) {
  const std::string body = R"({"event_id": ")" + std::string(40, 'x');
  const EventIdMatch match = FindEventId(body);
  EXPECT_TRUE(match.id.empty());
  EXPECT_FALSE(match.too_long);
}

TEST(EventIdLogTest, KeepsUuidsCompactlyAndOtherIdsAsText) {
  EventIdLog log;
  log.Add("6f1c2d3e-aaaa-4bbb-8ccc-0123456789ab");
  log.Add("not-a-uuid");
  log.Add("6F1C2D3E-AAAA-4BBB-8CCC-0123456789AB");  // uppercase stays text, unchanged
  log.Add("00000000-0000-4000-8000-000000000002");
  EXPECT_EQ(log.size(), 4u);
  const std::vector<std::string> expected = {"6f1c2d3e-aaaa-4bbb-8ccc-0123456789ab",
                                             "00000000-0000-4000-8000-000000000002", "not-a-uuid",
                                             "6F1C2D3E-AAAA-4BBB-8CCC-0123456789AB"};
  EXPECT_EQ(log.ToStrings(), expected);
}

TEST(RemoveRepeatedIdsTest, KeepsTheFirstOccurrenceAcrossLogsAndCountsEveryRepeat) {
  EventIdLog first;
  first.Add("00000000-0000-4000-8000-000000000001");
  first.Add("text-a");
  first.Add("00000000-0000-4000-8000-000000000002");
  first.Add("00000000-0000-4000-8000-000000000001");  // repeat within the log
  EventIdLog second;
  second.Add("00000000-0000-4000-8000-000000000002");  // repeat of the first log's
  second.Add("00000000-0000-4000-8000-000000000003");
  second.Add("text-a");  // a text id repeated across logs
  second.Add("text-b");
  second.Add("00000000-0000-4000-8000-000000000001");  // third time
  std::vector<EventIdLog*> logs = {&first, &second};

  EXPECT_EQ(RemoveRepeatedIds(logs), 4u);
  EXPECT_EQ(first.ToStrings(),
            (std::vector<std::string>{"00000000-0000-4000-8000-000000000001",
                                      "00000000-0000-4000-8000-000000000002", "text-a"}));
  EXPECT_EQ(second.ToStrings(),
            (std::vector<std::string>{"00000000-0000-4000-8000-000000000003", "text-b"}));
}

TEST(RemoveRepeatedIdsTest, AUuidAndItsUppercaseTextAreDifferentIds) {
  EventIdLog log;
  log.Add("6f1c2d3e-aaaa-4bbb-8ccc-0123456789ab");
  log.Add("6F1C2D3E-AAAA-4BBB-8CCC-0123456789AB");
  std::vector<EventIdLog*> logs = {&log};
  EXPECT_EQ(RemoveRepeatedIds(logs), 0u);
  EXPECT_EQ(log.size(), 2u);
}

TEST(RemoveRepeatedIdsTest, DistinctIdsStayInTheirOrder) {
  EventIdLog log;
  const std::vector<std::string> ids = {"00000000-0000-4000-8000-000000000009",
                                        "00000000-0000-4000-8000-000000000001",
                                        "00000000-0000-4000-8000-000000000005"};
  for (const std::string& id : ids) log.Add(id);
  std::vector<EventIdLog*> logs = {&log};
  EXPECT_EQ(RemoveRepeatedIds(logs), 0u);
  EXPECT_EQ(log.ToStrings(), ids);
}

}  // namespace
}  // namespace slogate::load
