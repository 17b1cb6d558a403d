// RS256 JWTs (RSASSA-PKCS1-v1_5 with SHA-256) verified with an RSA public key through OpenSSL's
// EVP_DigestVerify, with the same claim checks as HS256 (jwt.h).
//
// Neither tokens nor keys appear in an error message or a log line.
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "jwt.h"
#include "slogate/common/result.h"

struct evp_pkey_st;  // OpenSSL's EVP_PKEY, kept out of this header

namespace slogate::refgw {

class Rs256Verifier {
 public:
  // Reads a PEM public key ("-----BEGIN PUBLIC KEY-----", SubjectPublicKeyInfo, or
  // "-----BEGIN RSA PUBLIC KEY-----", PKCS#1). Error codes: "bad_public_key" (not a PEM public
  // key), "wrong_key_type" (a public key, but not RSA). Messages name no key material.
  static Result<Rs256Verifier> FromPem(std::string_view pem);

  // The token's claims when it says alg RS256, its signature verifies under the key and
  // exp/nbf/iat hold at `now` (kJwtLeeway). Error codes as Hs256Verifier::Verify. Thread-safe.
  Result<nlohmann::json> Verify(std::string_view token,
                                std::chrono::system_clock::time_point now) const;
  // Whether `token.signature` is a valid RS256 signature of `token.signing_input`; the
  // algorithm is not looked at. Thread-safe (a fresh digest context per call).
  bool SignatureMatches(const DecodedToken& token) const;

  // The key size in bits, for the start-up log line.
  int KeyBits() const;

 private:
  explicit Rs256Verifier(std::shared_ptr<evp_pkey_st> key) : key_(std::move(key)) {}
  std::shared_ptr<evp_pkey_st> key_;  // read-only after construction
};

// Signs `claims` as an RS256 JWT with a PEM private key ("-----BEGIN PRIVATE KEY-----" or
// "-----BEGIN RSA PRIVATE KEY-----"). For tests and for tools that mint tokens for a run.
// Error code "bad_private_key".
Result<std::string> SignRs256(const nlohmann::json& claims, std::string_view private_key_pem);

}  // namespace slogate::refgw
