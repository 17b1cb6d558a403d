// Built-in defaults that depend on more than a member initializer (those live in config.h).
#pragma once

#include "slogate/config/config.h"

namespace slogate::config::internal {

// The thresholds an environment starts from before the profile file's blocks apply:
// config.h's initializers, with p95 150 ms for staging and prod (300 ms for local and dev).
Thresholds BuiltInThresholds(Environment environment);

// The seed's write path: POST /v1/session/message, seed payload, OK = {200}.
Endpoint DefaultWriteEndpoint();

}  // namespace slogate::config::internal
