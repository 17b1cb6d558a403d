// Reporter: one output format of a ResultsDocument (console table, JSON file, HTML, Pushgateway).
//
// Reporters only read the document; file reporters write to a stream they are given, so the
// caller decides where output goes and several reporters can run on one document.
#pragma once

#include <span>

#include "slogate/common/result.h"
#include "slogate/report/results_document.h"

namespace slogate::report {

class Reporter {
 public:
  virtual ~Reporter() = default;
  // Writes the report. A failure (stream error, push refused) is returned, never thrown.
  // Not thread-safe per instance.
  virtual Status Report(const ResultsDocument& document) = 0;
};

// Runs every reporter, even after one failed, so one broken sink never hides the others;
// returns the first failure. Thread-compatible.
Status ReportAll(const ResultsDocument& document, std::span<Reporter* const> reporters);

}  // namespace slogate::report
