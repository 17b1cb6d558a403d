#include "slogate/report/redact.h"

#include <gtest/gtest.h>

#include <string>

#include "slogate/common/secrets.h"

namespace slogate::report {
namespace {

constexpr char kJwt[] = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.sig-nature_1";

TEST(RedactSecretsTest, RedactsSecretKeysAtAnyDepth) {
  const nlohmann::json redacted = RedactSecrets({{"target", {{"jwt", "abc"}, {"url", "u"}}},
                                                 {"list", {{{"api_key", "k"}}}},
                                                 {"JWT", "x"},
                                                 {"bearer_token", "t"},
                                                 {"client_secret", "s"}});
  EXPECT_EQ(redacted["target"]["jwt"], "[redacted]");
  EXPECT_EQ(redacted["target"]["url"], "u");
  EXPECT_EQ(redacted["list"][0]["api_key"], "[redacted]");
  EXPECT_EQ(redacted["JWT"], "[redacted]");
  EXPECT_EQ(redacted["bearer_token"], "[redacted]");
  EXPECT_EQ(redacted["client_secret"], "[redacted]");
}

TEST(RedactSecretsTest, KeepsEmptySecretsVisibleAsNull) {
  const nlohmann::json redacted = RedactSecrets({{"jwt", nullptr}, {"tokens_seen", 3}});
  EXPECT_TRUE(redacted["jwt"].is_null());
  EXPECT_EQ(redacted["tokens_seen"], 3);
}

// A run without a token writes "jwt": "": shown as redacted, it would say a token was sent.
TEST(RedactSecretsTest, AnUnsetSecretIsNotMarkedRedacted) {
  const nlohmann::json redacted =
      RedactSecrets({{"target", {{"jwt", ""}}}, {"bearer_token", ""}, {"api_key", " "}});
  EXPECT_EQ(redacted["target"]["jwt"], "");
  EXPECT_EQ(redacted["bearer_token"], "");
  EXPECT_EQ(redacted["api_key"], "[redacted]");  // not empty: whatever it holds is hidden
}

TEST(RedactSecretsTest, RedactsJwtShapedTextUnderAnyKey) {
  const nlohmann::json redacted = RedactSecrets({{"note", std::string("sent ") + kJwt + " once"}});
  EXPECT_EQ(redacted["note"], "sent [redacted] once");
}

TEST(RedactByValueTest, RegisteredValuesGoFromTextKeysAndValues) {
  secrets::ClearForTesting();
  secrets::Register("opaque-token-1");
  EXPECT_EQ(RedactText("GET /v1/admin/memory/opaque-token-1 answered 404"),
            "GET /v1/admin/memory/[redacted] answered 404");
  const nlohmann::json redacted =
      RedactSecrets({{"event_ids", {"a", "opaque-token-1"}}, {"opaque-token-1", 3}, {"note", "x"}});
  EXPECT_EQ(redacted.dump(), R"({"[redacted]":3,"event_ids":["a","[redacted]"],"note":"x"})");
  secrets::ClearForTesting();
}

struct TextCase {
  std::string name;
  std::string input;
  std::string expected;
};

class RedactTextTest : public ::testing::TestWithParam<TextCase> {};

TEST_P(RedactTextTest, Redacts) { EXPECT_EQ(RedactText(GetParam().input), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    Cases, RedactTextTest,
    ::testing::Values(TextCase{"PlainTextUnchanged", "p95 212 ms > 150 ms", "p95 212 ms > 150 ms"},
                      TextCase{"WholeJwt", kJwt, "[redacted]"},
                      TextCase{"JwtInQuotes", std::string("\"") + kJwt + "\"", "\"[redacted]\""},
                      TextCase{"BearerCredential", "Authorization: Bearer abc.def",
                               "Authorization: Bearer [redacted]"},
                      TextCase{"LowercaseBearer", "bearer xyz rest", "bearer [redacted] rest"},
                      TextCase{"EyjWithoutDotsKept", "eyJustAWord", "eyJustAWord"},
                      TextCase{"EyjWithOneDotKept", "eyJa.b", "eyJa.b"},
                      TextCase{"BearerAloneKept", "Bearer ", "Bearer "}),
    [](const ::testing::TestParamInfo<TextCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace slogate::report
