// Parser for the Prometheus text exposition format 0.0.4 and OpenMetrics 1.0 text.
//
// Pure: no I/O, no global state. Both functions are thread-safe (they only read their
// arguments). What is rejected and what is accepted with a warning is listed in
// docs/promtext.md.
#pragma once

#include <string>
#include <string_view>

#include "slogate/common/result.h"
#include "slogate/promtext/snapshot.h"

namespace slogate::promtext {

// Parses a whole exposition written in `format`. On failure the Error carries a stable code
// ("duplicate_label", "bad_escape", ...) and the 1-based line and column of the offending byte;
// Error::ToString() prints "line:column: message". Non-fatal oddities are returned in
// Snapshot::warnings.
// The Snapshot keeps a copy of `text`: its samples point into it.
Result<Snapshot> Parse(std::string_view text, Format format);

// Like Parse, but takes over `text` instead of copying it (for callers done with the body).
Result<Snapshot> ParseOwned(std::string text, Format format);

// Picks the grammar from an HTTP Content-Type:
// "application/openmetrics-text; version=1.0.0" (or without version) -> kOpenMetrics100;
// "text/plain; version=0.0.4", empty or anything else -> kPrometheusText004.
Format FormatFromContentType(std::string_view content_type);

}  // namespace slogate::promtext
