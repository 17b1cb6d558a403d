// TargetUrls: where a conformance run finds its target, whichever it is — the bundled reference
// gateway (RefGwProcess::urls()) or a remote gateway from the config (RemoteTargetUrls).
#pragma once

#include <string>
#include <vector>

namespace slogate::suite {

// The URLs a conformance run needs, for any target (embedded or remote).
struct TargetUrls {
  std::string api;                   // scheme://host:port
  std::vector<std::string> metrics;  // gateway metrics, replicator metrics
  std::string health;                // .../v1/health
  std::string audit_template;        // .../v1/admin/memory/{event_id}
};

}  // namespace slogate::suite
