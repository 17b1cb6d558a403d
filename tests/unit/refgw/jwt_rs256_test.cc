#include "jwt_rs256.h"

#include <gtest/gtest.h>

#include "rsa_test_keys.h"
#include "slogate/common/base64url.h"

namespace slogate::refgw {
namespace {

using nlohmann::json;
using std::chrono::seconds;

const auto kNow = std::chrono::system_clock::time_point(seconds(1'800'000'000));

double At(seconds offset) {
  return static_cast<double>((kNow + offset).time_since_epoch() / seconds(1));
}

// One key pair for the whole suite: RSA generation takes a noticeable fraction of a second.
const testing::TestKeyPair& Keys() {
  static const testing::TestKeyPair keys = testing::GenerateRsaKeyPair();
  return keys;
}
const testing::TestKeyPair& OtherKeys() {
  static const testing::TestKeyPair keys = testing::GenerateRsaKeyPair();
  return keys;
}

std::string Sign(const json& claims, const testing::TestKeyPair& keys = Keys()) {
  Result<std::string> token = SignRs256(claims, keys.private_pem);
  if (!token.ok()) throw std::runtime_error(token.error().message);
  return *token;
}

Rs256Verifier Verifier() {
  Result<Rs256Verifier> verifier = Rs256Verifier::FromPem(Keys().public_pem);
  if (!verifier.ok()) throw std::runtime_error(verifier.error().message);
  return *verifier;
}

TEST(JwtRs256Test, AcceptsValidTokenAndReturnsClaims) {
  Result<json> claims =
      Verifier().Verify(Sign(json{{"sub", "u"}, {"org", "acme"}, {"exp", At(seconds(60))}}), kNow);
  ASSERT_TRUE(claims.ok()) << claims.error().message;
  EXPECT_EQ(TenantFromClaims(*claims), "acme");
  EXPECT_EQ(Verifier().KeyBits(), 2048);
}

TEST(JwtRs256Test, LeewayIsTenSeconds) {
  EXPECT_TRUE(Verifier().Verify(Sign(json{{"exp", At(seconds(-9))}}), kNow).ok());
  EXPECT_EQ(Verifier().Verify(Sign(json{{"exp", At(seconds(-11))}}), kNow).error().code, "expired");
  EXPECT_TRUE(Verifier().Verify(Sign(json{{"nbf", At(seconds(9))}}), kNow).ok());
}

TEST(JwtRs256Test, ReadsPkcs1PublicKeys) {
  Result<Rs256Verifier> verifier = Rs256Verifier::FromPem(Keys().public_pkcs1_pem);
  ASSERT_TRUE(verifier.ok()) << verifier.error().message;
  EXPECT_TRUE(verifier->Verify(Sign(json{{"sub", "u"}}), kNow).ok());
}

// RFC 7515's segments are unpadded: a valid token with '=' padding appended is not valid.
TEST(JwtRs256Test, PaddedSignatureIsMalformed) {
  for (const char* padding : {"=", "=="}) {
    Result<json> claims = Verifier().Verify(Sign(json{{"sub", "u"}}) + padding, kNow);
    ASSERT_FALSE(claims.ok()) << padding;
    EXPECT_EQ(claims.error().code, "malformed");
    EXPECT_EQ(claims.error().message,
              "the token's signature is not unpadded base64url: '=' padding at offset 342; this "
              "base64url is unpadded, remove the '='");
  }
}

std::string Unsigned(const json& header, const json& claims) {
  return EncodeBase64Url(header.dump()) + "." + EncodeBase64Url(claims.dump()) + ".";
}

// The classic confusion: an HS256 token whose HMAC key is the verifier's public key PEM.
std::string HmacWithPublicKey() {
  std::string input = EncodeBase64Url(json{{"alg", "HS256"}, {"typ", "JWT"}}.dump()) + "." +
                      EncodeBase64Url(json{{"sub", "u"}}.dump());
  return input + "." + EncodeBase64Url(HmacSha256(Keys().public_pem, input));
}

struct RejectCase {
  std::string name;
  std::function<std::string()> token;
  std::string code;
};

class JwtRs256RejectTest : public ::testing::TestWithParam<RejectCase> {};

TEST_P(JwtRs256RejectTest, RejectsWithCodeAndNeverEchoesTheToken) {
  const std::string token = GetParam().token();
  Result<json> claims = Verifier().Verify(token, kNow);
  ASSERT_FALSE(claims.ok());
  EXPECT_EQ(claims.error().code, GetParam().code);
  if (!token.empty()) {
    EXPECT_EQ(claims.error().message.find(token), std::string::npos);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Tokens, JwtRs256RejectTest,
    ::testing::Values(RejectCase{"Empty", [] { return std::string(); }, "malformed"},
                      RejectCase{"AlgNone",
                                 [] {
                                   return Unsigned(json{{"alg", "none"}}, json{{"sub", "u"}});
                                 },
                                 "bad_algorithm"},
                      RejectCase{"AlgMissing",
                                 [] {
                                   return Unsigned(json{{"typ", "JWT"}}, json::object());
                                 },
                                 "bad_algorithm"},
                      RejectCase{"Hs256WithThePublicKey", HmacWithPublicKey, "bad_algorithm"},
                      RejectCase{"OtherKey",
                                 [] {
                                   return Sign(json{{"sub", "u"}}, OtherKeys());
                                 },
                                 "bad_signature"},
                      RejectCase{"SignatureCutShort",
                                 [] {
                                   // Six bytes fewer, spelled canonically: a well-formed
                                   // segment whose signature does not verify.
                                   std::string token = Sign(json{{"sub", "u"}});
                                   const size_t dot = token.rfind('.');
                                   std::string signature =
                                       *base64url::Decode(token.substr(dot + 1));
                                   signature.resize(signature.size() - 6);
                                   return token.substr(0, dot + 1) + EncodeBase64Url(signature);
                                 },
                                 "bad_signature"},
                      RejectCase{
                          "TamperedClaims",
                          [] {
                            std::string token = Sign(json{{"tenant", "a"}});
                            std::string forged = EncodeBase64Url(json{{"tenant", "b"}}.dump());
                            size_t dot = token.find('.');
                            return token.substr(0, dot + 1) + forged +
                                   token.substr(token.rfind('.'));
                          },
                          "bad_signature"},
                      RejectCase{"NotYetValid",
                                 [] {
                                   return Sign(json{{"nbf", At(seconds(11))}});
                                 },
                                 "not_yet_valid"}),
    [](const ::testing::TestParamInfo<RejectCase>& param_info) { return param_info.param.name; });

struct KeyErrorCase {
  std::string name;
  std::function<std::string()> pem;
  std::string code;
  std::string message_part;
};

class JwtRs256KeyTest : public ::testing::TestWithParam<KeyErrorCase> {};

TEST_P(JwtRs256KeyTest, RejectsKeysThatCannotVerifyRs256) {
  Result<Rs256Verifier> verifier = Rs256Verifier::FromPem(GetParam().pem());
  ASSERT_FALSE(verifier.ok());
  EXPECT_EQ(verifier.error().code, GetParam().code);
  EXPECT_NE(verifier.error().message.find(GetParam().message_part), std::string::npos)
      << verifier.error().message;
  EXPECT_EQ(verifier.error().message.find("MII"), std::string::npos) << "no key material";
}

INSTANTIATE_TEST_SUITE_P(
    Pems, JwtRs256KeyTest,
    ::testing::Values(KeyErrorCase{"NotPem", [] { return std::string("hello"); }, "bad_public_key",
                                   "not a PEM public key"},
                      KeyErrorCase{"PrivateKey", [] { return Keys().private_pem; },
                                   "bad_public_key", "this is a private key"},
                      KeyErrorCase{"DamagedBase64",
                                   [] {
                                     std::string pem = Keys().public_pem;
                                     pem.replace(40, 20, std::string(20, '!'));
                                     return pem;
                                   },
                                   "bad_public_key", "cannot be decoded"},
                      KeyErrorCase{"EcKey", [] { return testing::GenerateEcKeyPair().public_pem; },
                                   "wrong_key_type", "not an RSA key"}),
    [](const ::testing::TestParamInfo<KeyErrorCase>& param_info) { return param_info.param.name; });

TEST(JwtRs256Test, SigningNeedsAnRsaPrivateKey) {
  EXPECT_EQ(SignRs256(json{}, Keys().public_pem).error().code, "bad_private_key");
  EXPECT_EQ(SignRs256(json{}, testing::GenerateEcKeyPair().private_pem).error().code,
            "bad_private_key");
}

}  // namespace
}  // namespace slogate::refgw
