// The gateway's bearer-token check: HS256 with GATEWAY_JWT_SECRET, RS256 with
// GATEWAY_JWT_PUBLIC_KEY, either or both. A token is verified only with the key of the
// algorithm its header names, and only if that key is configured: "none", unknown algorithms and
// an HS256 token when only a public key is set (the HS256-signed-with-the-public-key confusion)
// are rejected before any signature is computed.
#pragma once

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "jwt.h"
#include "jwt_rs256.h"
#include "slogate/common/result.h"

namespace slogate::refgw {

struct GatewayOptions;

// GATEWAY_JWT_PUBLIC_KEY's value as PEM text: the value itself when it starts with "-----BEGIN"
// (leading blanks allowed; a literal "\n" is read as a newline, for one-line environment
// files), else the contents of the file it names. Error code "bad_public_key"; the message
// names the variable and, for a path, the file.
Result<std::string> ResolvePublicKeyPem(std::string_view value);

class TokenVerifier {
 public:
  // The verifier for the configured keys; nullopt when neither a secret nor a public key is
  // set (auth off). A public key that cannot be read or is not RSA is an error naming
  // GATEWAY_JWT_PUBLIC_KEY.
  static Result<std::optional<TokenVerifier>> FromOptions(const GatewayOptions& options);
  TokenVerifier(std::optional<Hs256Verifier> hs256, std::optional<Rs256Verifier> rs256)
      : hs256_(std::move(hs256)), rs256_(std::move(rs256)) {}

  // The claims of a valid token. Error codes: "malformed", "bad_algorithm" (alg absent, none,
  // unknown, or no key configured for it), "bad_signature", "expired", "not_yet_valid",
  // "bad_claim". Thread-safe.
  Result<nlohmann::json> Verify(std::string_view token,
                                std::chrono::system_clock::time_point now) const;

  // The accepted algorithms for the start-up log line, e.g. "RS256 (2048-bit key)".
  std::string Describe() const;

 private:
  std::optional<Hs256Verifier> hs256_;
  std::optional<Rs256Verifier> rs256_;
};

}  // namespace slogate::refgw
