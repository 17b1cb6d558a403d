// Bearer-token authentication as the upstream gateway does it: JWTs split and decoded here,
// HS256 verified with a shared secret (HMAC-SHA256 via OpenSSL, constant-time comparison),
// exp/nbf/iat checked with a leeway, and the tenant read from the claims. RS256 lives in
// jwt_rs256.h; token_verifier.h picks the verifier by the token's algorithm.
//
// The token and the secret never appear in an error message or a log line.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "slogate/common/result.h"

namespace slogate::refgw {

// A JWT segment: base64url::Encode (no padding). Segments are read with base64url::Decode,
// which takes nothing else: no '=', no other characters, no non-zero trailing bits.
std::string EncodeBase64Url(std::string_view bytes);

// HMAC-SHA256 of `data` under `key`, raw 32 bytes.
std::string HmacSha256(std::string_view key, std::string_view data);

// How far exp/nbf/iat may be off, as upstream.
inline constexpr std::chrono::seconds kJwtLeeway{10};

// A JWT split into its parts; nothing is verified yet.
struct DecodedToken {
  nlohmann::json header;           // a JSON object
  nlohmann::json claims;           // a JSON object
  std::string alg;                 // header "alg"; empty when absent or not a string
  std::string_view signing_input;  // "<header>.<claims>" as sent, a view into the token
  std::string signature;           // raw bytes
};

// Splits and decodes `token`: three segments of unpadded, canonical base64url (RFC 7515
// sections 2 and 7.1), the first two JSON objects with no member given twice, a header whose
// "typ" (if any) is a string and that has no "crit". Error code "malformed"; the message says
// which segment and what is wrong, and never contains the token. `signing_input` views `token`.
Result<DecodedToken> DecodeToken(std::string_view token);

// Checks exp, nbf and iat (each optional, numeric) at `now` with kJwtLeeway. Error codes:
// "expired", "not_yet_valid", "bad_claim".
Status CheckTimeClaims(const nlohmann::json& claims, std::chrono::system_clock::time_point now);

class Hs256Verifier {
 public:
  explicit Hs256Verifier(std::string secret) : secret_(std::move(secret)) {}

  // The token's claims when its signature is valid and exp/nbf/iat hold at `now` (with the
  // leeway). Error codes: "malformed", "bad_algorithm", "bad_signature", "expired",
  // "not_yet_valid", "bad_claim". Thread-safe.
  Result<nlohmann::json> Verify(std::string_view token,
                                std::chrono::system_clock::time_point now) const;
  // Whether the HMAC of `token.signing_input` under the secret is `token.signature`; the
  // algorithm is not looked at. Thread-safe.
  bool SignatureMatches(const DecodedToken& token) const;

 private:
  std::string secret_;
};

// The tenant a token grants: the first string among the claims "tenant", "org", "customer".
std::optional<std::string> TenantFromClaims(const nlohmann::json& claims);

// What an Authorization header yields. The error messages are the upstream's 401 details.
struct BearerToken {
  std::string token;
};
// "Missing Authorization header" when absent; "Invalid Authorization header" unless it is
// "Bearer <token>" (scheme case-insensitive).
Result<BearerToken> ParseAuthorization(const std::string* header);

// Signs `claims` as an HS256 JWT; used by tests and by tools that mint tokens for a run.
std::string SignHs256(const nlohmann::json& claims, std::string_view secret);

}  // namespace slogate::refgw
