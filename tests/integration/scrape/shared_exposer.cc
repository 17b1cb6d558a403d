#include "shared_exposer.h"

#include <prometheus/exposer.h>

namespace slogate::testing {

prometheus::Exposer& SharedExposer() {
  // Never destroyed: ctest runs each test in its own process, and a 2 s civetweb shutdown at
  // every exit would dominate the suite's time. The process exit closes the socket.
  static auto* exposer = new prometheus::Exposer("127.0.0.1:0");
  return *exposer;
}

std::string SharedExposerUrl() {
  return "http://127.0.0.1:" + std::to_string(SharedExposer().GetListeningPorts().at(0)) +
         "/metrics";
}

}  // namespace slogate::testing
