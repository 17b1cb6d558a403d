#include "jwt.h"

#include <gtest/gtest.h>

namespace slogate::refgw {
namespace {

using nlohmann::json;
using std::chrono::seconds;

const std::string kSecret = "test-secret";
const auto kNow = std::chrono::system_clock::time_point(seconds(1'800'000'000));

double At(seconds offset) {
  return static_cast<double>((kNow + offset).time_since_epoch() / seconds(1));
}

TEST(JwtTest, Base64UrlRoundTrips) {
  for (std::string bytes : {"", "f", "fo", "foo", "foob", "\xff\xfe\x00\x01"}) {
    EXPECT_EQ(DecodeBase64Url(EncodeBase64Url(bytes)), bytes);
  }
  EXPECT_EQ(EncodeBase64Url("\xfb\xff"), "-_8");
  EXPECT_EQ(DecodeBase64Url("Zm9v=="), "foo");
  EXPECT_EQ(DecodeBase64Url("Zm9v!"), std::nullopt);
}

TEST(JwtTest, HmacMatchesRfc4231TestCase2) {
  std::string mac = HmacSha256("Jefe", "what do ya want for nothing?");
  EXPECT_EQ(EncodeBase64Url(mac), "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM");
}

TEST(JwtTest, AcceptsValidTokenAndReturnsClaims) {
  std::string token =
      SignHs256(json{{"sub", "u"}, {"tenant", "acme"}, {"exp", At(seconds(60))}}, kSecret);
  Result<json> claims = Hs256Verifier(kSecret).Verify(token, kNow);
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(TenantFromClaims(*claims), "acme");
}

TEST(JwtTest, LeewayAcceptsJustExpiredToken) {
  std::string token = SignHs256(json{{"exp", At(seconds(-9))}, {"nbf", At(seconds(9))}}, kSecret);
  EXPECT_TRUE(Hs256Verifier(kSecret).Verify(token, kNow).ok());
}

struct RejectCase {
  std::string name;
  std::string token;
  std::string code;
};

class JwtRejectTest : public testing::TestWithParam<RejectCase> {};

TEST_P(JwtRejectTest, RejectsWithCodeAndNeverEchoesTheToken) {
  Result<json> claims = Hs256Verifier(kSecret).Verify(GetParam().token, kNow);
  ASSERT_FALSE(claims.ok());
  EXPECT_EQ(claims.error().code, GetParam().code);
  if (!GetParam().token.empty()) {
    EXPECT_EQ(claims.error().message.find(GetParam().token), std::string::npos);
  }
}

std::string WithHeader(const json& header, const json& claims, const std::string& secret) {
  std::string input = EncodeBase64Url(header.dump()) + "." + EncodeBase64Url(claims.dump());
  return input + "." + EncodeBase64Url(HmacSha256(secret, input));
}

INSTANTIATE_TEST_SUITE_P(
    Tokens, JwtRejectTest,
    testing::Values(
        RejectCase{"Empty", "", "malformed"}, RejectCase{"TwoSegments", "a.b", "malformed"},
        RejectCase{"NotBase64", "@@.@@.@@", "malformed"},
        RejectCase{"WrongSecret", SignHs256(json{{"sub", "u"}}, "other"), "bad_signature"},
        RejectCase{"AlgNone", WithHeader(json{{"alg", "none"}}, json{{"sub", "u"}}, kSecret),
                   "bad_algorithm"},
        RejectCase{"AlgRs256", WithHeader(json{{"alg", "RS256"}}, json{{"sub", "u"}}, kSecret),
                   "bad_algorithm"},
        RejectCase{"Expired", SignHs256(json{{"exp", At(seconds(-11))}}, kSecret), "expired"},
        RejectCase{"NotYetValid", SignHs256(json{{"nbf", At(seconds(11))}}, kSecret),
                   "not_yet_valid"},
        RejectCase{"IssuedInFuture", SignHs256(json{{"iat", At(seconds(30))}}, kSecret),
                   "not_yet_valid"},
        RejectCase{"ExpNotNumber", SignHs256(json{{"exp", "soon"}}, kSecret), "bad_claim"},
        RejectCase{"TamperedClaims",
                   [] {
                     std::string token = SignHs256(json{{"tenant", "a"}}, kSecret);
                     std::string other = SignHs256(json{{"tenant", "b"}}, kSecret);
                     size_t dot = token.find('.');
                     size_t last = token.rfind('.');
                     return token.substr(0, dot) +
                            other.substr(other.find('.'), other.rfind('.') - other.find('.')) +
                            token.substr(last);
                   }(),
                   "bad_signature"}),
    [](const testing::TestParamInfo<RejectCase>& param_info) { return param_info.param.name; });

TEST(JwtTest, TenantClaimOrder) {
  EXPECT_EQ(TenantFromClaims(json{{"customer", "c"}, {"org", "o"}}), "o");
  EXPECT_EQ(TenantFromClaims(json{{"customer", "c"}}), "c");
  EXPECT_EQ(TenantFromClaims(json{{"tenant", 5}}), std::nullopt);
}

TEST(JwtTest, AuthorizationHeaderMessagesAreUpstreams) {
  EXPECT_EQ(ParseAuthorization(nullptr).error().message, "Missing Authorization header");
  std::string basic = "Basic abc";
  EXPECT_EQ(ParseAuthorization(&basic).error().message, "Invalid Authorization header");
  std::string empty = "Bearer ";
  EXPECT_EQ(ParseAuthorization(&empty).error().message, "Invalid Authorization header");
  std::string good = "bearer tok";
  ASSERT_TRUE(ParseAuthorization(&good).ok());
  EXPECT_EQ(ParseAuthorization(&good)->token, "tok");
}

}  // namespace
}  // namespace slogate::refgw
