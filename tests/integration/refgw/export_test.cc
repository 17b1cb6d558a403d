// The replica's bulk routes of slogate_refgw: the NDJSON export, the session list, the DLQ
// listing, and the rate limit on them (which the per-event audit route is exempt from).
#include <set>
#include <sstream>

#include "refgw_fixture.h"

namespace slogate::testing {
namespace {

using nlohmann::json;

// Posts `count` messages with tenant `tenant`; returns the acknowledged event ids.
std::set<std::string> PostMessages(RefgwProcess& process, int count, const std::string& tenant) {
  std::set<std::string> ids;
  for (int i = 0; i < count; ++i) {
    HttpResult posted = Fetch("POST", process.ApiUrl("/v1/session/message"), {kJsonHeader},
                              R"({"message":"export )" + std::to_string(i) +
                                  R"(","metadata":{"tenant":")" + tenant + R"("}})");
    if (posted.status == 200) ids.insert(json::parse(posted.body)["event_id"].get<std::string>());
  }
  return ids;
}

std::vector<json> ParseLines(const std::string& ndjson) {
  std::vector<json> records;
  std::istringstream lines(ndjson);
  for (std::string line; std::getline(lines, line);) records.push_back(json::parse(line));
  return records;
}

class ExportTest : public RefgwSuite {
 protected:
  // Unlimited admin rate: this suite reads the export repeatedly while waiting for replication.
  static void SetUpTestSuite() { StartGateway({"--admin-rps=0"}); }
};

TEST_F(ExportTest, ExportStreamsEveryReplicatedRecordAsNdjson) {
  // More than one page of the export (256 events), so the body arrives in several chunks.
  const std::set<std::string> acme = PostMessages(*process_, 400, "acme");
  const std::set<std::string> other = PostMessages(*process_, 30, "other");
  ASSERT_EQ(acme.size() + other.size(), 430u);
  HttpResult exported;
  std::vector<json> records;
  ASSERT_TRUE(Eventually([&] {
    exported = Fetch("GET", Url("/v1/memory/export"));
    records = ParseLines(exported.body);
    return exported.status == 200 && records.size() >= 430;
  })) << exported.status
      << " " << records.size();
  EXPECT_EQ(exported.headers["content-type"], "application/x-ndjson");
  EXPECT_EQ(exported.headers["transfer-encoding"], "chunked");
  EXPECT_EQ(exported.headers.count("content-length"), 0u);
  EXPECT_EQ(exported.headers["x-api-version"], "v1");
  std::set<std::string> exported_ids;
  for (const json& record : records) exported_ids.insert(record["event_id"].get<std::string>());
  EXPECT_EQ(exported_ids.size(), records.size()) << "no record twice";
  for (const std::string& id : acme) EXPECT_EQ(exported_ids.count(id), 1u) << id;

  HttpResult only_other = Fetch("GET", Url("/v1/memory/export?tenant=other"));
  ASSERT_EQ(only_other.status, 200);
  std::vector<json> other_records = ParseLines(only_other.body);
  ASSERT_EQ(other_records.size(), other.size());
  for (const json& record : other_records) EXPECT_EQ(record["tenant"], "other");

  HttpResult limited = Fetch("GET", Url("/v1/memory/export?limit=3"));
  ASSERT_EQ(limited.status, 200);
  ASSERT_EQ(ParseLines(limited.body).size(), 3u);
  EXPECT_EQ(ParseLines(limited.body)[0], records[0]) << "replication order, from the start";
}

TEST_F(ExportTest, BadQueryParametersAre422) {
  for (const char* path :
       {"/v1/memory/export?limit=0", "/v1/memory/export?limit=many",
        "/v1/admin/dlq/memory.wal.dlq?limit=1001", "/v1/admin/dlq/memory.wal.dlq?after=-1",
        "/v1/admin/memory?session_id=x&limit=0"}) {
    HttpResult result = Fetch("GET", Url(path));
    ASSERT_EQ(result.status, 422) << path << " " << result.body;
    EXPECT_EQ(json::parse(result.body)["detail"][0]["loc"][0], "query") << path;
  }
  EXPECT_EQ(Fetch("POST", Url("/v1/memory/export")).status, 405);
  EXPECT_EQ(Fetch("GET", Url("/v1/admin/dlq/")).status, 404);
}

TEST_F(ExportTest, DlqListsPoisonedEventsPageByPage) {
  ASSERT_EQ(SetFaults(R"({"dlq_poison":{"every":1}})").status, 200);
  const std::set<std::string> poisoned = PostMessages(*process_, 5, "acme");
  ASSERT_EQ(poisoned.size(), 5u);
  HttpResult listed;
  ASSERT_TRUE(Eventually([&] {
    listed = Fetch("GET", Url("/v1/admin/dlq/memory.wal.dlq?limit=1000"));
    return listed.status == 200 && json::parse(listed.body)["count"] == 5;
  })) << listed.body;
  json body = json::parse(listed.body);
  EXPECT_EQ(body["topic"], "memory.wal.dlq");
  EXPECT_EQ(body["depth"], 5);
  EXPECT_TRUE(body["next_after"].is_null());
  for (const json& item : body["items"]) {
    EXPECT_EQ(poisoned.count(item["event_id"].get<std::string>()), 1u) << item;
    EXPECT_EQ(item["reason"], "poison fault: injected apply failure");
    EXPECT_EQ(item["event"]["event_id"], item["event_id"]);
    EXPECT_EQ(item["event"]["tenant"], "acme");
  }
  json first_page = json::parse(Fetch("GET", Url("/v1/admin/dlq/memory.wal.dlq?limit=2")).body);
  ASSERT_EQ(first_page["count"], 2);
  json second_page =
      json::parse(Fetch("GET", Url("/v1/admin/dlq/memory.wal.dlq?limit=2&after=" +
                                   std::to_string(first_page["next_after"].get<int64_t>())))
                      .body);
  ASSERT_EQ(second_page["count"], 2);
  EXPECT_EQ(second_page["items"][0]["event_id"], body["items"][2]["event_id"]);
  EXPECT_EQ(json::parse(Fetch("GET", Url("/v1/admin/dlq/other.topic")).body)["depth"], 0);
}

class AdminRateLimitTest : public RefgwSuite {
 protected:
  static void SetUpTestSuite() { StartGateway({"--admin-rps=2"}); }
};

// Sends six quick GETs to `path`; returns how many got 429 and keeps the last 429 answer.
int CountLimited(const std::string& url, HttpResult* last_limited) {
  int limited = 0;
  for (int i = 0; i < 6; ++i) {
    HttpResult result = Fetch("GET", url);
    if (result.status == 429) {
      ++limited;
      *last_limited = result;
    } else {
      EXPECT_EQ(result.status, 200) << url << " " << result.body;
    }
  }
  return limited;
}

TEST_F(AdminRateLimitTest, AdminRoutesAnswer429WithRetryAfterButTheAuditRouteNever) {
  // A burst of 2 at 2/s: of six quick requests at least three are refused (a slow machine may
  // refill a token or so meanwhile).
  HttpResult last;
  EXPECT_GE(CountLimited(Url("/v1/admin/dlq/memory.wal.dlq"), &last), 3);
  ASSERT_EQ(last.status, 429);
  EXPECT_EQ(json::parse(last.body)["detail"], "Too Many Requests");
  EXPECT_EQ(last.headers["retry-after"], "1");
  EXPECT_EQ(last.headers["x-api-version"], "v1");
  EXPECT_GE(CountLimited(Url("/v1/memory/export"), &last), 3);
  EXPECT_GE(CountLimited(Url("/v1/admin/memory?session_id=x"), &last), 3);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(Fetch("GET", Url("/v1/admin/memory/00000000-0000-4000-8000-000000000000")).status,
              404);
  }
  EXPECT_EQ(Post(R"({"message":"never limited"})").status, 200);
}

}  // namespace
}  // namespace slogate::testing
