// `slogate run`'s summary for a person at a terminal (the JSON summary is for pipes and files):
// what was asked, what was sent and how it ended, the causes (run_lines.h), and the latency
// spectrum as `wrk --latency` prints it. Pure; thread-safe.
#pragma once

#include <array>
#include <string>

#include "slogate/load/run_result.h"

namespace slogate::report {

// The quantiles of the spectrum, up to the tail a load test is run to see.
inline constexpr std::array<double, 6> kSpectrumQuantiles = {0.5, 0.75, 0.9, 0.99, 0.999, 0.9999};

// Several lines, each ending in '\n':
//   target  http://127.0.0.1:8010/v1/session/message  constant 200/s for 30 s, at most 50 in flight
//   sent    6,000 of 6,000 scheduled (200/s achieved): ok 5,988, errors 12 (0.2%), dropped 0
//   errors: HTTP 429 × 12
//   ...
//   latency    corrected    service
//       50%     1.204 ms     1.113 ms
//       ...
//       max     9.871 ms     9.554 ms
// Corrected latency is from each request's intended send time, service time from the actual
// send; a quantile of no request is "-". Text from the target (statuses, URLs) is not redacted
// here: the caller redacts what it prints.
std::string RunSummaryText(const load::RunResult& run);

}  // namespace slogate::report
