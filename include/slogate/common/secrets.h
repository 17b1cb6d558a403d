// The process-wide registry of secret values: every credential the configuration was given
// (the JWT, a credential header of `slogate run`) is registered once when it is read, and
// every output — the logger, each reporter, `slogate run`'s summary and --out file, the
// suite's GoogleTest messages — replaces each registered value wherever it appears, whatever
// its shape. A target that echoes the token back (as an event_id, in an error body or a
// header) therefore cannot carry it into a report.
//
// A secret shorter than kMinSecretLength would redact ordinary words ("a", "ok"), so such a
// credential is refused at the edge (CheckCredential) rather than registered.
//
// Thread-safe: registration and redaction may run on any thread at any time.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "slogate/common/result.h"

namespace slogate::secrets {

// What a redacted value is replaced with in every output.
inline constexpr std::string_view kRedacted = "[redacted]";

// The shortest credential accepted: no bearer token or API key in use is shorter, and a
// shorter one would turn redaction by value into the redaction of ordinary text.
inline constexpr size_t kMinSecretLength = 8;

// Checks a credential (a bearer token, an API key): at least kMinSecretLength bytes, and only
// bytes an HTTP header field value carries without whitespace (visible ASCII and bytes >= 0x80:
// no space, tab, line break, other control character or DEL). The error says what is wrong and
// where in the value, never the value; the caller prefixes where it came from.
Status CheckCredential(std::string_view value);

// True for a name that holds a secret, as a JSON key or an HTTP header name (case-insensitive,
// '-' read as '_'): jwt, token, secret, password, authorization, proxy_authorization, cookie,
// api_key, private_key, and any name ending in _token, _secret, _jwt, _password or _api_key.
bool IsSecretName(std::string_view name);

// Adds `value` to the registry. Values shorter than kMinSecretLength are ignored (they were
// refused by CheckCredential); registering a value twice is harmless.
void Register(std::string_view value);

// `text` with every occurrence of every registered value replaced by kRedacted.
std::string Redact(std::string_view text);

// True when `text` contains a registered value.
bool ContainsSecret(std::string_view text);

// Empties the registry: for tests only.
void ClearForTesting();

}  // namespace slogate::secrets
