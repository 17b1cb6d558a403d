#include "token_verifier.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "options.h"
#include "rsa_test_keys.h"

namespace slogate::refgw {
namespace {

using nlohmann::json;

const std::string kVerifierSecret = "verifier-test-secret";

const testing::TestKeyPair& Keys() {
  static const testing::TestKeyPair keys = testing::GenerateRsaKeyPair();
  return keys;
}

std::string Rs256Token(const json& claims) { return *SignRs256(claims, Keys().private_pem); }

TokenVerifier Make(bool with_secret, bool with_public_key) {
  GatewayOptions options;
  if (with_secret) options.jwt_secret = kVerifierSecret;
  if (with_public_key) options.jwt_public_key = Keys().public_pem;
  Result<std::optional<TokenVerifier>> verifier = TokenVerifier::FromOptions(options);
  if (!verifier.ok() || !verifier->has_value()) throw std::runtime_error("no verifier");
  return std::move(**verifier);
}

std::string Code(const TokenVerifier& verifier, const std::string& token) {
  Result<json> claims = verifier.Verify(token, std::chrono::system_clock::now());
  return claims.ok() ? "ok" : claims.error().code;
}

TEST(TokenVerifierTest, NoKeysMeansNoVerifier) {
  Result<std::optional<TokenVerifier>> verifier = TokenVerifier::FromOptions(GatewayOptions{});
  ASSERT_TRUE(verifier.ok());
  EXPECT_FALSE(verifier->has_value());
}

TEST(TokenVerifierTest, EachAlgorithmIsCheckedOnlyWithItsOwnKey) {
  const std::string hs256 = SignHs256(json{{"sub", "u"}}, kVerifierSecret);
  const std::string rs256 = Rs256Token(json{{"sub", "u"}});
  const std::string hs256_with_public_key = SignHs256(json{{"sub", "u"}}, Keys().public_pem);

  TokenVerifier rs_only = Make(false, true);
  EXPECT_EQ(Code(rs_only, rs256), "ok");
  EXPECT_EQ(Code(rs_only, hs256), "bad_algorithm");
  EXPECT_EQ(Code(rs_only, hs256_with_public_key), "bad_algorithm");

  TokenVerifier hs_only = Make(true, false);
  EXPECT_EQ(Code(hs_only, hs256), "ok");
  EXPECT_EQ(Code(hs_only, rs256), "bad_algorithm");

  TokenVerifier both = Make(true, true);
  EXPECT_EQ(Code(both, hs256), "ok");
  EXPECT_EQ(Code(both, rs256), "ok");
  EXPECT_EQ(Code(both, hs256_with_public_key), "bad_signature");
}

TEST(TokenVerifierTest, ChecksTimeClaimsForBothAlgorithms) {
  const double past =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count() -
      60;
  TokenVerifier both = Make(true, true);
  EXPECT_EQ(Code(both, Rs256Token(json{{"exp", past}})), "expired");
  EXPECT_EQ(Code(both, SignHs256(json{{"exp", past}}, kVerifierSecret)), "expired");
}

TEST(TokenVerifierTest, DescribesTheAcceptedAlgorithms) {
  EXPECT_EQ(Make(true, false).Describe(), "HS256");
  EXPECT_EQ(Make(false, true).Describe(), "RS256 (2048-bit key)");
  EXPECT_EQ(Make(true, true).Describe(), "HS256 and RS256 (2048-bit key)");
}

// A PEM file for one test, removed afterwards.
class KeyFile {
 public:
  explicit KeyFile(const std::string& contents)
      : path_(std::filesystem::temp_directory_path() /
              ("slogate-key-" + std::to_string(getpid()) + ".pem")) {
    std::ofstream(path_) << contents;
  }
  ~KeyFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

TEST(TokenVerifierTest, PublicKeyFromAFilePath) {
  KeyFile file(Keys().public_pem);
  Result<std::string> pem = ResolvePublicKeyPem(file.path());
  ASSERT_TRUE(pem.ok()) << pem.error().message;
  EXPECT_EQ(*pem, Keys().public_pem);
}

TEST(TokenVerifierTest, InlinePemMayUseEscapedNewlines) {
  std::string one_line;
  for (char c : Keys().public_pem) one_line += c == '\n' ? std::string("\\n") : std::string(1, c);
  Result<std::string> pem = ResolvePublicKeyPem("  " + one_line);
  ASSERT_TRUE(pem.ok()) << pem.error().message;
  EXPECT_EQ(*pem, Keys().public_pem);
}

struct BadKeyCase {
  std::string name;
  std::string value;
  std::string message_part;
};

class TokenVerifierBadKeyTest : public ::testing::TestWithParam<BadKeyCase> {};

TEST_P(TokenVerifierBadKeyTest, ErrorNamesTheVariable) {
  GatewayOptions options;
  options.jwt_public_key = GetParam().value;
  Result<std::optional<TokenVerifier>> verifier = TokenVerifier::FromOptions(options);
  ASSERT_FALSE(verifier.ok());
  EXPECT_EQ(verifier.error().code, "bad_public_key");
  EXPECT_EQ(verifier.error().message.rfind("GATEWAY_JWT_PUBLIC_KEY (--jwt-public-key): ", 0), 0u)
      << verifier.error().message;
  EXPECT_NE(verifier.error().message.find(GetParam().message_part), std::string::npos)
      << verifier.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Values, TokenVerifierBadKeyTest,
    ::testing::Values(
        BadKeyCase{"MissingFile", "/nonexistent/key.pem",
                   "cannot open the file '/nonexistent/key.pem': No such file or directory"},
        BadKeyCase{"Blank", "   ", "is empty"},
        BadKeyCase{"PemBodyWithoutHeader", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\nMIIBCgKCAQEA",
                   "neither PEM text"},
        BadKeyCase{"NotAKey", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                   "not a PEM public key"}),
    [](const ::testing::TestParamInfo<BadKeyCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace slogate::refgw
