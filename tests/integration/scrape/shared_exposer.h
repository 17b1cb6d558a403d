// One prometheus-cpp Exposer on 127.0.0.1:0 for the scrape integration tests.
#pragma once

#include <string>

namespace prometheus {
class Exposer;
}  // namespace prometheus

namespace slogate::testing {

// One Exposer for the whole test program: stopping one takes civetweb about 2 s, so tests
// share it (never stopped) and register, then remove, a registry of their own.
prometheus::Exposer& SharedExposer();

// The URL of SharedExposer()'s /metrics.
std::string SharedExposerUrl();

}  // namespace slogate::testing
