// Secret redaction for everything the reporters write. The JWT must never reach an output.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "slogate/common/secrets.h"

namespace slogate::report {

inline constexpr std::string_view kRedacted = secrets::kRedacted;

// Returns `value` with secrets replaced by kRedacted, at any depth:
// - the value of any key naming a secret (secrets::IsSecretName: jwt, token, *_token, secret,
//   *_secret, password, authorization, cookie, api_key, private_key, ...);
// - anything RedactText would change inside any other string or any key.
// Pure; thread-safe.
nlohmann::json RedactSecrets(nlohmann::json value);

// Replaces every registered secret value (common/secrets.h), JWT-shaped substrings
// ("eyJ<b64url>.<b64url>.<b64url>") and the credential after "Bearer " with kRedacted. For
// free text that might quote a request or what a target sent (errors, messages, event ids).
std::string RedactText(std::string_view text);

}  // namespace slogate::report
