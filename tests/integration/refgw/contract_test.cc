// The API contract of slogate_refgw (docs/refgw.md, gateway-contract.md): status codes, bodies
// and headers, through libcurl against the real binary.
#include "refgw_fixture.h"
#include "uuid.h"

namespace slogate::testing {
namespace {

using nlohmann::json;
using refgw::NormalizeUuid;

class ContractTest : public RefgwSuite {
 protected:
  static void SetUpTestSuite() { StartGateway(); }

  static void ExpectStandardHeaders(const HttpResult& result) {
    EXPECT_EQ(result.headers.at("x-api-version"), "v1");
    EXPECT_EQ(result.headers.at("x-content-type-options"), "nosniff");
    EXPECT_EQ(result.headers.at("x-frame-options"), "DENY");
    EXPECT_EQ(result.headers.at("referrer-policy"), "no-referrer");
  }
};

TEST_F(ContractTest, AcceptedMessageAnswersSessionAndNewEventId) {
  const std::string session = "6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f";
  HttpResult first =
      Post(R"({"message":"ping","session_id":")" + session + R"(","attachments":[]})");
  HttpResult second = Post(R"({"message":"ping","session_id":")" + session + R"("})");
  ASSERT_EQ(first.status, 200) << first.body << first.error;
  ExpectStandardHeaders(first);
  json body = json::parse(first.body);
  EXPECT_EQ(body["session_id"], session);
  std::string event_id = body["event_id"];
  EXPECT_EQ(NormalizeUuid(event_id), event_id);
  EXPECT_EQ(event_id[14], '4');
  EXPECT_NE(json::parse(second.body)["event_id"], event_id);
}

TEST_F(ContractTest, NonUuidSessionIsReplaced) {
  HttpResult result = Post(R"({"message":"ping","session_id":"not-a-uuid"})");
  ASSERT_EQ(result.status, 200) << result.body;
  std::string session = json::parse(result.body)["session_id"];
  EXPECT_NE(session, "not-a-uuid");
  EXPECT_EQ(NormalizeUuid(session), session);
}

TEST_F(ContractTest, PluralRouteIsServedToo) {
  HttpResult result = Post(R"({"message":"ping"})", {kJsonHeader}, "/v1/sessions/message");
  EXPECT_EQ(result.status, 200) << result.body;
}

TEST_F(ContractTest, ReplicatedEventIsAuditableWithTenantAndPersona) {
  HttpResult posted =
      Post(R"({"message":"audit me","metadata":{"k":"v"}})", {kJsonHeader, "X-Persona-Id: p-7"});
  ASSERT_EQ(posted.status, 200);
  json ids = json::parse(posted.body);
  HttpResult found;
  ASSERT_TRUE(Eventually([&] {
    found = Fetch("GET", Url("/v1/admin/memory/" + ids["event_id"].get<std::string>()));
    return found.status == 200;
  })) << found.status;
  json record = json::parse(found.body);
  EXPECT_EQ(record["message"], "audit me");
  EXPECT_EQ(record["tenant"], "public");
  EXPECT_EQ(record["persona_id"], "p-7");
  EXPECT_EQ(record["metadata"]["k"], "v");
  HttpResult listed = Fetch(
      "GET",
      Url("/v1/admin/memory?session_id=" + ids["session_id"].get<std::string>() + "&limit=5"));
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(json::parse(listed.body)["items"][0]["event_id"], ids["event_id"]);
}

TEST_F(ContractTest, BodyTenantAndPersonaAreKept) {
  HttpResult posted = Post(R"({"message":"m","persona_id":"body","metadata":{"tenant":"acme"}})",
                           {kJsonHeader, "X-Persona-Id: header"});
  ASSERT_EQ(posted.status, 200);
  std::string event_id = json::parse(posted.body)["event_id"];
  HttpResult found;
  ASSERT_TRUE(Eventually(
      [&] { return (found = Fetch("GET", Url("/v1/admin/memory/" + event_id))).status == 200; }));
  EXPECT_EQ(json::parse(found.body)["tenant"], "acme");
  EXPECT_EQ(json::parse(found.body)["persona_id"], "body");
}

TEST_F(ContractTest, UnknownEventIs404) {
  HttpResult result = Fetch("GET", Url("/v1/admin/memory/00000000-0000-4000-8000-000000000000"));
  EXPECT_EQ(result.status, 404);
  ExpectStandardHeaders(result);
}

TEST_F(ContractTest, ListWithoutSessionIs422) {
  HttpResult result = Fetch("GET", Url("/v1/admin/memory?limit=5"));
  ASSERT_EQ(result.status, 422);
  EXPECT_EQ(json::parse(result.body)["detail"][0]["loc"], json::parse(R"(["query","session_id"])"));
}

TEST_F(ContractTest, HealthHasUpstreamShapeOnAllPaths) {
  for (const char* path : {"/v1/health", "/health", "/healthz"}) {
    HttpResult result = Fetch("GET", Url(path));
    ASSERT_EQ(result.status, 200) << path;
    ExpectStandardHeaders(result);
    json body = json::parse(result.body);
    EXPECT_TRUE(body["status"] == "ok" || body["status"] == "degraded") << body.dump();
    EXPECT_EQ(body["components"]["memory_replicator"]["detail"].get<std::string>().rfind(
                  "lag_seconds=", 0),
              0u);
    EXPECT_EQ(body["components"]["memory_dlq"]["detail"].get<std::string>().rfind("depth=", 0), 0u);
  }
}

TEST_F(ContractTest, UnknownPathIs404AndWrongMethodIs405) {
  HttpResult missing = Fetch("GET", Url("/v2/nothing"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(json::parse(missing.body)["detail"], "Not Found");
  ExpectStandardHeaders(missing);
  EXPECT_EQ(Fetch("GET", Url("/v1/session/message")).status, 405);
}

struct BadBodyCase {
  std::string name;
  std::vector<std::string> headers;
  std::string body;
  std::string first_type;
};

// gtest prints the case by its name in test names and logs.
void PrintTo(const BadBodyCase& c, std::ostream* os) { *os << c.name; }

class ContractBadBodyTest : public ContractTest,
                            public ::testing::WithParamInterface<BadBodyCase> {};

TEST_P(ContractBadBodyTest, AnswersFastApi422AndKeepsServing) {
  HttpResult result = Post(GetParam().body, GetParam().headers);
  ASSERT_EQ(result.status, 422) << result.body;
  ExpectStandardHeaders(result);
  json body = json::parse(result.body);
  ASSERT_TRUE(body["detail"].is_array());
  EXPECT_EQ(body["detail"][0]["type"], GetParam().first_type);
  EXPECT_TRUE(body["detail"][0]["loc"].is_array());
  EXPECT_TRUE(body["detail"][0]["msg"].is_string());
  EXPECT_EQ(Post(R"({"message":"after"})").status, 200);
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, ContractBadBodyTest,
    ::testing::Values(
        BadBodyCase{"MalformedJson", {kJsonHeader}, R"({"message": "x",)", "json_invalid"},
        BadBodyCase{"MissingMessage", {kJsonHeader}, R"({"session_id":null})", "missing"},
        BadBodyCase{"MessageNotString", {kJsonHeader}, R"({"message":42})", "string_type"},
        BadBodyCase{"AttachmentsNotList",
                    {kJsonHeader},
                    R"({"message":"m","attachments":{}})",
                    "list_type"},
        BadBodyCase{"MetadataNotStrings",
                    {kJsonHeader},
                    R"({"message":"m","metadata":{"n":1}})",
                    "string_type"},
        BadBodyCase{"WrongContentType",
                    {"Content-Type: text/plain"},
                    R"({"message":"m"})",
                    "model_attributes_type"},
        BadBodyCase{"EmptyBody", {kJsonHeader}, "", "missing"}),
    [](const ::testing::TestParamInfo<BadBodyCase>& param_info) { return param_info.param.name; });

TEST_F(ContractTest, HugeBodyIs413AndServerKeepsServing) {
  std::string huge = R"({"message":")" + std::string(2 * 1024 * 1024, 'x') + "\"}";
  HttpResult result = Post(huge);
  EXPECT_EQ(result.status, 413) << result.error;
  EXPECT_EQ(Post(R"({"message":"after"})").status, 200);
}

TEST_F(ContractTest, GarbageBytesAre400AndServerKeepsServing) {
  std::string answer =
      RawExchange(process_->api_port(), std::string("\x16\x03\x01\x02\x00\x01\xfc\r\n\r\n", 11),
                  std::chrono::milliseconds(5000));
  EXPECT_EQ(answer.rfind("HTTP/1.1 400 ", 0), 0u) << answer;
  EXPECT_NE(answer.find("X-API-Version: v1"), std::string::npos);
  std::string chunked = RawExchange(
      process_->api_port(),
      "POST /v1/session/message HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
      std::chrono::milliseconds(5000));
  EXPECT_EQ(chunked.rfind("HTTP/1.1 501 ", 0), 0u) << chunked;
  EXPECT_EQ(Post(R"({"message":"after"})").status, 200);
}

}  // namespace
}  // namespace slogate::testing
