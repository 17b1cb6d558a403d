// Zero-loss audit: every acknowledged event_id must be readable from the replica through the
// gateway's audit endpoint (GET /v1/admin/memory/{event_id}: 200 found, 404 not yet
// replicated) once the replicator has drained.
#pragma once

#include <string>
#include <vector>

#include "slogate/scrape/audit_types.h"

namespace slogate::scrape {

// Runs the audit over HTTP with `options.concurrency` connections. Never throws; a bad
// template makes every checked id an error. Blocks for at most options.max_drain_period, or
// options.request_timeout when that is longer (its requests included), and returns within libcurl's
// progress period of options.stop being set.
AuditResult AuditEventIds(const AuditOptions& options, const std::vector<std::string>& event_ids);

}  // namespace slogate::scrape
