#include "jwt.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <cmath>
#include <utility>

#include "slogate/common/base64url.h"
#include "slogate/common/json_strict.h"

namespace slogate::refgw {
namespace {

using nlohmann::json;

// One segment's bytes. RFC 7515 (sections 2 and 7.1) makes a segment unpadded base64url; the
// strict decode also refuses non-canonical trailing bits, so one token has one spelling and a
// padded or altered copy of a valid token is not valid too.
Result<std::string> DecodeSegment(std::string_view segment, std::string_view name) {
  Result<std::string> bytes = base64url::Decode(segment);
  if (!bytes.ok()) {
    return MakeError("malformed", "the token's " + std::string(name) +
                                      " is not unpadded base64url: " + bytes.error().message);
  }
  return bytes;
}

// The header or the claims: a JSON object in which no member is given twice (RFC 7515 section
// 5.2 and RFC 7519 section 4 allow "the last one wins" instead; two readers of one token must
// not see two different "alg"s or "exp"s). Messages never quote the segment.
Result<json> DecodeJsonSegment(std::string_view segment, std::string_view name) {
  Result<std::string> bytes = DecodeSegment(segment, name);
  if (!bytes.ok()) return bytes.error();
  Result<json> value = ParseJsonStrict(*bytes);
  const std::string where = "the token's " + std::string(name);
  if (!value.ok() && value.error().code == "duplicate_key") {
    return MakeError("malformed", where + " gives one member twice");
  }
  if (!value.ok()) return MakeError("malformed", where + ": " + value.error().message);
  if (!value->is_object()) return MakeError("malformed", where + " is not a JSON object");
  return value;
}

// What the header may say besides "alg": "typ", when present, is a string (its value is not
// checked, as upstream: "JWT" and RFC 9068's "at+jwt" both occur); "crit" names extensions the
// verifier must understand (RFC 7515 section 4.1.11) and this one understands none. Other
// parameters ("kid", "jku", "x5u", ...) are ignored: keys come from the configuration only.
Status CheckHeader(const json& header) {
  if (auto typ = header.find("typ"); typ != header.end() && !typ->is_string()) {
    return MakeError("malformed", "the token's 'typ' header parameter is not a string");
  }
  if (header.contains("crit")) {
    return MakeError("malformed",
                     "the token's header lists critical extensions ('crit'); this gateway "
                     "implements none, so it must reject the token (RFC 7515 section 4.1.11)");
  }
  return Status::Ok();
}

// Checks a numeric time claim; `invalid` tells whether the claim's time fails at `now`.
Status CheckTimeClaim(const json& claims, const char* name, double now_s, const char* failure_code,
                      bool (*invalid)(double claim_s, double now_s)) {
  auto found = claims.find(name);
  if (found == claims.end()) return Status::Ok();
  if (!found->is_number()) {
    return MakeError("bad_claim", std::string("the '") + name + "' claim must be a number");
  }
  double claim_s = found->get<double>();
  if (!std::isfinite(claim_s))
    return MakeError("bad_claim", std::string("the '") + name + "' claim is not finite");
  if (invalid(claim_s, now_s)) {
    return MakeError(failure_code, std::string("the token fails its '") + name + "' claim");
  }
  return Status::Ok();
}

constexpr double kLeewaySeconds = static_cast<double>(kJwtLeeway.count());

}  // namespace

std::string EncodeBase64Url(std::string_view bytes) { return base64url::Encode(bytes); }

std::string HmacSha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data(), &length);
  return std::string(reinterpret_cast<const char*>(digest.data()), length);
}

Result<DecodedToken> DecodeToken(std::string_view token) {
  size_t first_dot = token.find('.');
  size_t second_dot =
      first_dot == std::string_view::npos ? first_dot : token.find('.', first_dot + 1);
  if (second_dot == std::string_view::npos ||
      token.find('.', second_dot + 1) != std::string_view::npos) {
    return MakeError("malformed", "the token is not three dot-separated segments");
  }
  Result<json> header = DecodeJsonSegment(token.substr(0, first_dot), "header");
  if (!header.ok()) return header.error();
  if (Status checked = CheckHeader(*header); !checked.ok()) return checked.error();
  Result<json> claims =
      DecodeJsonSegment(token.substr(first_dot + 1, second_dot - first_dot - 1), "claims");
  if (!claims.ok()) return claims.error();
  Result<std::string> signature = DecodeSegment(token.substr(second_dot + 1), "signature");
  if (!signature.ok()) return signature.error();
  DecodedToken decoded;
  auto alg = header->find("alg");
  if (alg != header->end() && alg->is_string()) decoded.alg = alg->get<std::string>();
  decoded.header = std::move(*header);
  decoded.claims = std::move(*claims);
  decoded.signing_input = token.substr(0, second_dot);
  decoded.signature = std::move(*signature);
  return decoded;
}

Status CheckTimeClaims(const json& claims, std::chrono::system_clock::time_point now) {
  double now_s = std::chrono::duration<double>(now.time_since_epoch()).count();
  Status status = CheckTimeClaim(claims, "exp", now_s, "expired",
                                 [](double exp, double at) { return at > exp + kLeewaySeconds; });
  if (status.ok()) {
    status = CheckTimeClaim(claims, "nbf", now_s, "not_yet_valid",
                            [](double nbf, double at) { return nbf > at + kLeewaySeconds; });
  }
  if (status.ok()) {
    status = CheckTimeClaim(claims, "iat", now_s, "not_yet_valid",
                            [](double iat, double at) { return iat > at + kLeewaySeconds; });
  }
  return status;
}

bool Hs256Verifier::SignatureMatches(const DecodedToken& token) const {
  std::string expected = HmacSha256(secret_, token.signing_input);
  return token.signature.size() == expected.size() &&
         CRYPTO_memcmp(token.signature.data(), expected.data(), expected.size()) == 0;
}

Result<json> Hs256Verifier::Verify(std::string_view token,
                                   std::chrono::system_clock::time_point now) const {
  Result<DecodedToken> decoded = DecodeToken(token);
  if (!decoded.ok()) return decoded.error();
  if (decoded->alg != "HS256") return MakeError("bad_algorithm", "only HS256 tokens are accepted");
  if (!SignatureMatches(*decoded)) {
    return MakeError("bad_signature", "the token's signature does not match");
  }
  Status times = CheckTimeClaims(decoded->claims, now);
  if (!times.ok()) return times.error();
  return std::move(decoded->claims);
}

std::optional<std::string> TenantFromClaims(const json& claims) {
  for (const char* name : {"tenant", "org", "customer"}) {
    auto found = claims.find(name);
    if (found != claims.end() && found->is_string() && !found->get<std::string>().empty()) {
      return found->get<std::string>();
    }
  }
  return std::nullopt;
}

Result<BearerToken> ParseAuthorization(const std::string* header) {
  if (header == nullptr) return MakeError("missing", "Missing Authorization header");
  std::string_view value = *header;
  size_t space = value.find(' ');
  std::string_view scheme = value.substr(0, space);
  std::string_view token =
      space == std::string_view::npos ? std::string_view() : value.substr(space + 1);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  bool bearer = scheme.size() == 6;
  for (size_t i = 0; bearer && i < 6; ++i) {
    bearer = (scheme[i] | 0x20) == "bearer"[i];
  }
  if (!bearer || token.empty()) return MakeError("invalid", "Invalid Authorization header");
  return BearerToken{std::string(token)};
}

std::string SignHs256(const json& claims, std::string_view secret) {
  std::string signing_input = EncodeBase64Url(json{{"alg", "HS256"}, {"typ", "JWT"}}.dump()) + "." +
                              EncodeBase64Url(claims.dump());
  return signing_input + "." + EncodeBase64Url(HmacSha256(secret, signing_input));
}

}  // namespace slogate::refgw
