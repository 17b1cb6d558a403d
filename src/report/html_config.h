// The HTML report's configuration block: what this run used, read from the results document.
#pragma once

#include <ostream>

#include "slogate/report/results_document.h"

namespace slogate::report {

// A collapsed <details> block: the target and the metrics, health and audit URLs the run used
// (the bundled gateway's too), the run's own profile (not every profile of the file), its
// overrides, and the thresholds and checks with durations in units (ms, µs). The results file
// keeps the whole configuration; this is what a reader of the page needs. Every text is
// redacted and escaped.
void WriteConfiguration(std::ostream& out, const ResultsDocument& document);

}  // namespace slogate::report
