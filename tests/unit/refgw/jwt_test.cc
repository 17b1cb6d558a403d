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

TEST(JwtTest, EncodesSegmentsUnpadded) {
  EXPECT_EQ(EncodeBase64Url("\xfb\xff"), "-_8");
  EXPECT_EQ(EncodeBase64Url("f"), "Zg");
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

// The strict parse: RFC 7515 segments are unpadded canonical base64url, and the header and
// claims are JSON objects that give each member once. Each rule has its exact message, and
// none of them quotes the token.

// A token over the header and claims as written (not re-serialized), signed with kSecret.
std::string SignRaw(const std::string& header, const std::string& claims) {
  std::string input = EncodeBase64Url(header) + "." + EncodeBase64Url(claims);
  return input + "." + EncodeBase64Url(HmacSha256(kSecret, input));
}

const std::string kValid = SignRaw(R"({"alg":"HS256","typ":"JWT"})", R"({"sub":"u"})");
const size_t kSignatureAt = kValid.rfind('.') + 1;

// kValid with its signature's last character re-spelled: the same 32 bytes, since the two low
// bits of that character are unused, but a second spelling of them.
std::string WithNonCanonicalSignature() {
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string token = kValid;
  token.back() = alphabet[alphabet.find(token.back()) ^ 1];
  return token;
}

struct StrictCase {
  std::string name;
  std::string token;
  std::string message;
};

class JwtStrictTest : public testing::TestWithParam<StrictCase> {};

TEST_P(JwtStrictTest, IsMalformedWithTheExactReason) {
  Result<json> claims = Hs256Verifier(kSecret).Verify(GetParam().token, kNow);
  ASSERT_FALSE(claims.ok());
  EXPECT_EQ(claims.error().code, "malformed");
  EXPECT_EQ(claims.error().message, GetParam().message);
}

const std::string kNotBase64 = "is not unpadded base64url: ";

INSTANTIATE_TEST_SUITE_P(
    Rules, JwtStrictTest,
    testing::Values(
        StrictCase{"PaddedSignature", kValid + "=",
                   "the token's signature " + kNotBase64 +
                       "'=' padding at offset 43; this base64url is unpadded, remove the '='"},
        StrictCase{"PaddedSignatureTwice", kValid + "==",
                   "the token's signature " + kNotBase64 +
                       "'=' padding at offset 43; this base64url is unpadded, remove the '='"},
        StrictCase{"PaddedHeader",
                   [] {
                     std::string token = kValid;
                     return token.insert(token.find('.'), "=");
                   }(),
                   "the token's header " + kNotBase64 +
                       "'=' padding at offset 36; this base64url is unpadded, remove the '='"},
        StrictCase{"NonCanonicalTrailingBits", WithNonCanonicalSignature(),
                   "the token's signature " + kNotBase64 +
                       "base64url payload has non-zero padding bits (corrupted?)"},
        StrictCase{"StandardBase64Characters",
                   kValid.substr(0, kSignatureAt) + "+/" + kValid.substr(kSignatureAt + 2),
                   "the token's signature " + kNotBase64 +
                       "invalid base64url character at offset 0 of the payload"},
        StrictCase{"TabInside", kValid.substr(0, 5) + "\t" + kValid.substr(5),
                   "the token's header " + kNotBase64 +
                       "invalid base64url character at offset 5 of the payload"},
        StrictCase{"TrailingSpace", kValid + " ",
                   "the token's signature " + kNotBase64 +
                       "invalid base64url character at offset 43 of the payload"},
        StrictCase{"ControlByte",
                   kValid.substr(0, kSignatureAt) + "\x01" + kValid.substr(kSignatureAt + 1),
                   "the token's signature " + kNotBase64 +
                       "invalid base64url character at offset 0 of the payload"},
        StrictCase{"AlgGivenTwice", SignRaw(R"({"alg":"none","alg":"HS256"})", "{}"),
                   "the token's header gives one member twice"},
        StrictCase{"ExpGivenTwice", SignRaw(R"({"alg":"HS256"})", R"({"exp":1,"exp":99999999999})"),
                   "the token's claims gives one member twice"},
        StrictCase{"CriticalExtension",
                   SignRaw(R"({"alg":"HS256","crit":["b64"],"b64":false})", "{}"),
                   "the token's header lists critical extensions ('crit'); this gateway "
                   "implements none, so it must reject the token (RFC 7515 section 4.1.11)"},
        StrictCase{"TypNotAString", SignRaw(R"({"alg":"HS256","typ":5})", "{}"),
                   "the token's 'typ' header parameter is not a string"},
        StrictCase{"HeaderNotAnObject", SignRaw(R"(["HS256"])", "{}"),
                   "the token's header is not a JSON object"},
        StrictCase{"ClaimsNotJson", SignRaw(R"({"alg":"HS256"})", R"({"sub":)"),
                   "the token's claims: not valid JSON at byte 8"},
        StrictCase{"HeaderWithByteOrderMark", SignRaw("\xEF\xBB\xBF{\"alg\":\"HS256\"}", "{}"),
                   "the token's header: starts with a UTF-8 byte-order mark; send the JSON "
                   "text without it"}),
    [](const testing::TestParamInfo<StrictCase>& param_info) { return param_info.param.name; });

TEST(JwtTest, StrictParseStillTakesWhatRfc7515Allows) {
  for (const auto& [header, claims] :
       {std::pair{R"({"alg":"HS256","typ":"JWT"})", R"({"sub":"u"})"},
        std::pair{R"( { "alg" : "HS256" , "kid" : "k1" } )", "{\n  \"sub\": \"u\"\n}"},
        std::pair{R"({"typ":"at+jwt","alg":"HS256"})", R"({"sub":"u","x":{"sub":"v"}})"}}) {
    Result<json> verified = Hs256Verifier(kSecret).Verify(SignRaw(header, claims), kNow);
    EXPECT_TRUE(verified.ok()) << header << ": " << verified.error().message;
  }
}

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
