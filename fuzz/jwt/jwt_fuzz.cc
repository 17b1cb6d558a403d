// Feeds arbitrary bytes to the reference gateway's token verification, with both an HS256
// secret and an RS256 public key configured, as GATEWAY_JWT_SECRET and GATEWAY_JWT_PUBLIC_KEY
// set it up.
//
// Input: the first byte picks the mode, the rest is the token. Odd modes re-sign the token's
// first two segments with the HS256 secret before verifying, so the claim checks behind the
// signature are reached too; even modes verify the bytes as sent (seeds signed with the RS256
// key below reach its path).
// Checks: every rejection has one of the documented codes and never repeats the token; every
// accepted token decodes, says HS256 or RS256, and its signature matches under that key.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "jwt.h"
#include "jwt_rs256.h"
#include "token_verifier.h"

namespace {

using slogate::fuzz::Require;
using slogate::refgw::DecodeToken;
using slogate::refgw::Hs256Verifier;
using slogate::refgw::Rs256Verifier;
using slogate::refgw::TokenVerifier;

constexpr std::string_view kSecret = "fuzz-secret-0123456789abcdef";
// A key made for fuzzing only (its private half signed the RS256 seeds in fixtures/fuzz/jwt);
// 1024 bits keeps verification fast.
constexpr std::string_view kPublicKeyPem =
    "-----BEGIN PUBLIC KEY-----\n"
    "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDL/fpA6TuglwRC98od5ed4nO2A\n"
    "rFwQX3poW+NW+MYHj9pYyZCSWOpkg+7vJBUnjvzfkh04M7J3yOtugn7k5YKUvUoh\n"
    "prZNsThLkrM7DH/PTsy7AjqoJ8/dHfDWjWJiRZzccJ/Hrd/mmZDLVR0xuZWQnUOU\n"
    "rJ9ObzUGlFqvD2ytfQIDAQAB\n"
    "-----END PUBLIC KEY-----\n";

// Token times in the seeds lie around this instant (2026-01-01T00:00:00Z).
constexpr std::chrono::sys_seconds kNow{std::chrono::seconds(1767225600)};

const TokenVerifier& Verifier() {
  static const TokenVerifier verifier(Hs256Verifier(std::string(kSecret)),
                                      *Rs256Verifier::FromPem(kPublicKeyPem));
  return verifier;
}

// "<header>.<claims>.<HS256 signature of both>" when `token` has at least two dots; else as is.
std::string Resigned(std::string_view token) {
  const size_t second_dot = token.find('.', token.find('.') + 1);
  if (token.find('.') == std::string_view::npos || second_dot == std::string_view::npos) {
    return std::string(token);
  }
  const std::string_view signing_input = token.substr(0, second_dot);
  return std::string(signing_input) + '.' +
         slogate::refgw::EncodeBase64Url(slogate::refgw::HmacSha256(kSecret, signing_input));
}

bool DocumentedCode(std::string_view code) {
  return code == "malformed" || code == "bad_algorithm" || code == "bad_signature" ||
         code == "expired" || code == "not_yet_valid" || code == "bad_claim";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view sent(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string token = (data[0] & 1) ? Resigned(sent) : std::string(sent);
  const auto claims = Verifier().Verify(token, kNow);
  if (!claims.ok()) {
    Require(DocumentedCode(claims.error().code));
    // No message has a '.', so one holding a token with a dot holds the token itself, not a
    // coincidence such as the token "e dot-separated segments".
    if (token.find('.') != std::string::npos) {
      Require(claims.error().message.find(token) == std::string::npos);
    }
    return 0;
  }
  Require(claims->is_object());
  const auto decoded = DecodeToken(token);
  Require(decoded.ok() && decoded->claims == *claims);
  if (decoded->alg == "HS256") {
    Require(Hs256Verifier(std::string(kSecret)).SignatureMatches(*decoded));
  } else {
    Require(decoded->alg == "RS256");
    Require(Rs256Verifier::FromPem(kPublicKeyPem)->SignatureMatches(*decoded));
  }
  (void)slogate::refgw::TenantFromClaims(*claims);
  return 0;
}
