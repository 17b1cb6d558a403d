// Rendering an endpoint's request from its templates and the seed's variables.
//
// Placeholders: {message}, {persona_id} and {tenant} are replaced here, once, by the values of
// MESSAGE, PERSONA_ID and TENANT. {{uuid}} is left for the load engine, which puts a fresh
// uuid4 in each request (load::kUuidPlaceholder). Pure functions; thread-safe.
#pragma once

#include <string>

#include "slogate/config/config.h"

namespace slogate::config {

// The endpoint's body template with the placeholders replaced by JSON-escaped values (a JSON
// body has them inside string literals). Empty when the template is empty (the load engine
// then sends the seed payload for POST).
std::string RenderBody(const Endpoint& endpoint, const Target& target);

// The endpoint's path with the placeholders replaced by percent-encoded values.
std::string RenderPath(const Endpoint& endpoint, const Target& target);

}  // namespace slogate::config
