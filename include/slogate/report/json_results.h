// The JSON results file: the whole ResultsDocument, versioned, and its reader.
//
// Layout (docs/report.md describes every field):
//   { "schema_version": 1, "context": {...}, "config": {...redacted...}, "error": "",
//     "run": <load::ToJson(RunResult)> | null, "summary": <SeedSummary> | null,
//     "verdict": {"overall": "PASS", "findings": [...]}, "scrapes": [...], "series": [...],
//     "lag_probes": {...} | null }
// Times are seconds since the Unix epoch (numbers); "context.generated_at" is also given as
// UTC text for people.
#pragma once

#include <filesystem>
#include <ostream>

#include <nlohmann/json.hpp>

#include "slogate/common/result.h"
#include "slogate/report/reporter.h"
#include "slogate/report/results_document.h"

namespace slogate::report {

// The document as JSON, secrets redacted. Pure; thread-safe.
nlohmann::json ToResultsJson(const ResultsDocument& document);

// Reads a results file's JSON back. Errors (code "bad_results") name the field by its JSON
// path ("verdict.findings[2].outcome: expected one of PASS, FAIL, INCONCLUSIVE, SKIPPED") and
// reject a schema_version this build does not know. "summary" is derived and not read.
Result<ResultsDocument> ReadResults(const nlohmann::json& json);

// Reads and checks a results file. Every error starts with the file's name: "<file>: cannot
// read: ..." (code "unreadable_file"), "<file>:<line>:<column>: not valid JSON: ..." (code
// "bad_json"), or "<file>: <field path>: ..." (code "bad_results").
Result<ResultsDocument> ReadResultsFile(const std::filesystem::path& path);

// Writes ToResultsJson(document), indented, to a stream.
class JsonReporter : public Reporter {
 public:
  // `out` must outlive the reporter.
  explicit JsonReporter(std::ostream& out);
  Status Report(const ResultsDocument& document) override;

 private:
  std::ostream& out_;
};

}  // namespace slogate::report
