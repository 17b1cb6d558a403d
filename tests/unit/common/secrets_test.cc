#include "slogate/common/secrets.h"

#include <gtest/gtest.h>

#include <string>

namespace slogate::secrets {
namespace {

class SecretsTest : public ::testing::Test {
 protected:
  void SetUp() override { ClearForTesting(); }
  void TearDown() override { ClearForTesting(); }
};

TEST_F(SecretsTest, RedactsARegisteredValueOfAnyShape) {
  Register("tok-Zq93-not-a-jwt");
  EXPECT_EQ(Redact("event_id=tok-Zq93-not-a-jwt, again tok-Zq93-not-a-jwt."),
            "event_id=[redacted], again [redacted].");
  EXPECT_TRUE(ContainsSecret("xx tok-Zq93-not-a-jwt"));
  EXPECT_FALSE(ContainsSecret("tok-Zq93-not-a-jw"));
}

TEST_F(SecretsTest, TextWithoutSecretsIsUnchanged) {
  EXPECT_EQ(Redact("nothing registered"), "nothing registered");
  Register("abcdefgh-1");
  EXPECT_EQ(Redact("abcdefgh-2 stays"), "abcdefgh-2 stays");
}

TEST_F(SecretsTest, TheLongerOfTwoOverlappingSecretsGoesWhole) {
  Register("secret-12");
  Register("secret-12345");
  EXPECT_EQ(Redact("[secret-12345] [secret-12]"), "[[redacted]] [[redacted]]");
}

// The HTML report, GoogleTest's XML and JSON escape what they write; a token holding those
// characters is still found in each written form.
TEST_F(SecretsTest, RedactsTheEscapedFormsAnOutputWrites) {
  Register(R"(k<e&y>"q'u\z9)");
  EXPECT_EQ(Redact("html k&lt;e&amp;y&gt;&quot;q&#39;u\\z9 end"), "html [redacted] end");
  EXPECT_EQ(Redact("xml k&lt;e&amp;y&gt;&quot;q&apos;u\\z9 end"), "xml [redacted] end");
  EXPECT_EQ(Redact(R"(json "k<e&y>\"q'u\\z9")"), R"(json "[redacted]")");
  EXPECT_EQ(Redact(R"(raw k<e&y>"q'u\z9)"), "raw [redacted]");
}

// An echoed event id lands percent-encoded in the audit's read-back URL.
TEST_F(SecretsTest, RedactsThePercentEncodedForm) {
  Register("AbC+dEf/GhI9Zq5=");
  EXPECT_EQ(Redact("http://gw/audit/AbC%2BdEf%2FGhI9Zq5%3D-912b"), "http://gw/audit/[redacted]-912b");
}

TEST_F(SecretsTest, ShortValuesAreNeverRegistered) {
  Register("a");
  Register("1234567");
  EXPECT_EQ(Redact("a 1234567"), "a 1234567");
}

TEST(IsSecretNameTest, NamesCredentialKeysAndHeaders) {
  for (const char* name : {"jwt", "JWT", "Authorization", "Proxy-Authorization", "X-Api-Key",
                           "api_key", "Cookie", "refresh_token", "client-secret", "db_password"}) {
    EXPECT_TRUE(IsSecretName(name)) << name;
  }
  for (const char* name : {"tokens_seen", "X-Trace", "key", "event_id", "authority"}) {
    EXPECT_FALSE(IsSecretName(name)) << name;
  }
}

struct CredentialCase {
  const char* name;
  std::string value;
  std::string error;  // empty: accepted
};

class CheckCredentialTest : public ::testing::TestWithParam<CredentialCase> {};

TEST_P(CheckCredentialTest, AcceptsOnlyWhatAHeaderCarriesAndNeverShowsTheValue) {
  const Status status = CheckCredential(GetParam().value);
  if (GetParam().error.empty()) {
    EXPECT_TRUE(status.ok()) << status.error().message;
    return;
  }
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "bad_credential");
  EXPECT_EQ(status.error().message, GetParam().error);
  EXPECT_EQ(status.error().message.find("SECRET"), std::string::npos);
}

const std::string kNotCarried =
    " (value not shown), which an HTTP header cannot carry; pass the bare token without "
    "\"Bearer \"";

INSTANTIATE_TEST_SUITE_P(
    Cases, CheckCredentialTest,
    ::testing::Values(
        CredentialCase{"Jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", ""},
        CredentialCase{"OpaqueToken", "tok-Zq93/+~=", ""},
        CredentialCase{"NonAscii", "SECRET-\xC3\xA9t\xC3\xA9", ""},
        CredentialCase{"TooShort", "SECRET",
                       "the credential is 6 bytes long (value not shown); a credential must "
                       "have at least 8 bytes"},
        CredentialCase{"Empty", "",
                       "the credential is 0 bytes long (value not shown); a credential must "
                       "have at least 8 bytes"},
        CredentialCase{"Tab", "SECRET\tabc",
                       "the credential contains whitespace at byte 7" + kNotCarried},
        CredentialCase{"BearerPrefix", "Bearer SECRET",
                       "the credential contains whitespace at byte 7" + kNotCarried},
        CredentialCase{"LineBreak", "SECRETab\r\n",
                       "the credential contains a line break at byte 9" + kNotCarried},
        CredentialCase{"ControlCharacter", std::string("SECRET\x01") + "ab",
                       "the credential contains a control character at byte 7" + kNotCarried},
        CredentialCase{"Nul", std::string("SECRETab\0c", 10),
                       "the credential contains a control character at byte 9" + kNotCarried},
        CredentialCase{"Delete", "SECRETab\x7f",
                       "the credential contains a control character at byte 9" + kNotCarried}),
    [](const ::testing::TestParamInfo<CredentialCase>& param_info) {
      return param_info.param.name;
    });

}  // namespace
}  // namespace slogate::secrets
