// Bearer-JWT authentication of slogate_refgw when GATEWAY_JWT_SECRET is set.
#include "jwt.h"
#include "refgw_fixture.h"

namespace slogate::testing {
namespace {

using nlohmann::json;
using refgw::SignHs256;

const std::string kSecret = "contract-test-secret";

std::string Bearer(const json& claims, const std::string& secret = kSecret) {
  return "Authorization: Bearer " + SignHs256(claims, secret);
}

// A correctly signed token over the header and claims as written, so that what the strict
// parse refuses is the text and not the signature.
std::string BearerRaw(const std::string& header, const std::string& claims) {
  const std::string input =
      refgw::EncodeBase64Url(header) + "." + refgw::EncodeBase64Url(claims);
  return "Authorization: Bearer " + input + "." +
         refgw::EncodeBase64Url(refgw::HmacSha256(kSecret, input));
}

class AuthTest : public RefgwSuite {
 protected:
  static void SetUpTestSuite() { StartGateway({}, {{"GATEWAY_JWT_SECRET", kSecret}}); }

  static std::string Detail(const HttpResult& result) { return json::parse(result.body)["detail"]; }
};

TEST_F(AuthTest, MissingHeaderIs401) {
  HttpResult result = Post(R"({"message":"m"})");
  ASSERT_EQ(result.status, 401);
  EXPECT_EQ(Detail(result), "Missing Authorization header");
  EXPECT_EQ(result.headers.at("x-api-version"), "v1");
}

TEST_F(AuthTest, NonBearerSchemeIs401) {
  HttpResult result =
      Post(R"({"message":"m"})", {kJsonHeader, "Authorization: Basic dXNlcjpwdw=="});
  ASSERT_EQ(result.status, 401);
  EXPECT_EQ(Detail(result), "Invalid Authorization header");
}

struct BadTokenCase {
  std::string name;
  std::string header;
};

// gtest prints the case by its name in test names and logs.
void PrintTo(const BadTokenCase& c, std::ostream* os) { *os << c.name; }

class AuthBadTokenTest : public AuthTest, public ::testing::WithParamInterface<BadTokenCase> {};

TEST_P(AuthBadTokenTest, Is401InvalidToken) {
  HttpResult result = Post(R"({"message":"m"})", {kJsonHeader, GetParam().header});
  ASSERT_EQ(result.status, 401) << result.body;
  EXPECT_EQ(Detail(result), "Invalid token");
}

INSTANTIATE_TEST_SUITE_P(
    Tokens, AuthBadTokenTest,
    ::testing::Values(BadTokenCase{"Garbage", "Authorization: Bearer not.a.token"},
                      BadTokenCase{"WrongSecret", Bearer(json{{"sub", "u"}}, "other-secret")},
                      BadTokenCase{"Expired", Bearer(json{{"exp", NowPlus(-60)}})},
                      BadTokenCase{"NotYetValid", Bearer(json{{"nbf", NowPlus(120)}})},
                      BadTokenCase{"AlgGivenTwice",
                                   BearerRaw(R"({"alg":"none","alg":"HS256"})", R"({"sub":"u"})")},
                      BadTokenCase{"ExpGivenTwice",
                                   BearerRaw(R"({"alg":"HS256"})",
                                             R"({"exp":1,"exp":)" +
                                                 std::to_string(static_cast<int64_t>(NowPlus(300))) +
                                                 "}")},
                      BadTokenCase{"CriticalExtension",
                                   BearerRaw(R"({"alg":"HS256","crit":["exp"]})", "{}")}),
    [](const ::testing::TestParamInfo<BadTokenCase>& param_info) { return param_info.param.name; });

// Authorization is a singleton field: which of two a proxy and the gateway read could differ.
TEST_F(AuthTest, TwoAuthorizationHeadersAre401EvenWhenOneIsValid) {
  const std::string valid = Bearer(json{{"sub", "u"}, {"exp", NowPlus(300)}});
  HttpResult result =
      Post(R"({"message":"m"})", {kJsonHeader, valid, "Authorization: Bearer not.a.token"});
  ASSERT_EQ(result.status, 401) << result.body;
  EXPECT_EQ(Detail(result), "Invalid Authorization header");
  result = Post(R"({"message":"m"})", {kJsonHeader, valid, valid});
  ASSERT_EQ(result.status, 401) << result.body;
  EXPECT_EQ(Detail(result), "Invalid Authorization header");
}

// RFC 7515 segments are unpadded: the copy of a token the gateway accepts, with '=' padding
// appended to its signature, is refused.
TEST_F(AuthTest, PaddedCopyOfAnAcceptedTokenIs401) {
  const std::string header = Bearer(json{{"sub", "u"}, {"exp", NowPlus(300)}});
  ASSERT_EQ(Post(R"({"message":"m"})", {kJsonHeader, header}).status, 200);
  for (const char* padding : {"=", "=="}) {
    HttpResult padded = Post(R"({"message":"m"})", {kJsonHeader, header + padding});
    ASSERT_EQ(padded.status, 401) << padding << " " << padded.body;
    EXPECT_EQ(Detail(padded), "Invalid token");
  }
}

TEST_F(AuthTest, ValidTokenIsAcceptedAndItsTenantUsed) {
  std::string header = Bearer(json{{"sub", "u"}, {"org", "org-from-token"}, {"exp", NowPlus(300)}});
  HttpResult from_token = Post(R"({"message":"m"})", {kJsonHeader, header});
  HttpResult from_body =
      Post(R"({"message":"m","metadata":{"tenant":"body-wins"}})", {kJsonHeader, header});
  ASSERT_EQ(from_token.status, 200) << from_token.body;
  ASSERT_EQ(from_body.status, 200) << from_body.body;
  for (auto [result, tenant] :
       {std::pair{&from_token, "org-from-token"}, std::pair{&from_body, "body-wins"}}) {
    std::string event_id = json::parse(result->body)["event_id"];
    HttpResult found;
    ASSERT_TRUE(Eventually([&] {
      return (found = Fetch("GET", Url("/v1/admin/memory/" + event_id), {header})).status == 200;
    }));
    EXPECT_EQ(json::parse(found.body)["tenant"], tenant);
  }
}

TEST_F(AuthTest, AuditRoutesNeedTheTokenButHealthDoesNot) {
  EXPECT_EQ(Fetch("GET", Url("/v1/admin/memory/00000000-0000-4000-8000-000000000000")).status, 401);
  EXPECT_EQ(Fetch("GET", Url("/v1/health")).status, 200);
}

}  // namespace
}  // namespace slogate::testing
