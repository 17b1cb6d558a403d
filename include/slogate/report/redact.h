// Secret redaction for everything the reporters write. The JWT must never reach an output.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace slogate::report {

inline constexpr std::string_view kRedacted = "[redacted]";

// Returns `value` with secrets replaced by kRedacted, at any depth:
// - the value of any key naming a secret (case-insensitive: jwt, token, *_token, secret,
//   *_secret, password, authorization, cookie, api_key, private_key);
// - anything RedactText would change inside any other string.
// Pure; thread-safe.
nlohmann::json RedactSecrets(nlohmann::json value);

// Replaces JWT-shaped substrings ("eyJ<b64url>.<b64url>.<b64url>") and the credential after
// "Bearer " with kRedacted. For free text that might quote a request (errors, messages).
std::string RedactText(std::string_view text);

}  // namespace slogate::report
