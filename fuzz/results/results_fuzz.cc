// Feeds arbitrary bytes to the two results formats slogate reads back from disk: a run result
// (`slogate merge`'s shards) and a results document (`slogate report`'s input).
//
// Checks: whatever either reader accepts writes back to JSON text that reads again to the same
// text (the formats are lossless; compared as text because a measurement of NaN is written as
// null and read back as NaN, and NaN never equals itself in a JSON value); an accepted run result merges with itself; an accepted document
// renders as `slogate report` renders it (console and HTML) without failing.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "slogate/common/json_text.h"
#include "slogate/load/merge.h"
#include "slogate/load/run_result_json.h"
#include "slogate/report/console_reporter.h"
#include "slogate/report/html_reporter.h"
#include "slogate/report/json_results.h"

namespace {

using slogate::fuzz::Require;

void CheckRunResult(const nlohmann::json& json) {
  const auto run = slogate::load::RunResultFromJson(json);
  if (!run.ok()) {
    Require(run.error().code == "bad_run_result");
    return;
  }
  const nlohmann::json written = slogate::load::ToJson(*run);
  const auto again = slogate::load::RunResultFromJson(written);
  Require(again.ok() && slogate::load::ToJson(*again).dump() == written.dump());
  const auto merged = slogate::load::MergeRunResults({*run, *run});
  Require(merged.ok() || !merged.error().message.empty());
}

void CheckResultsDocument(const nlohmann::json& json) {
  const auto document = slogate::report::ReadResults(json);
  if (!document.ok()) {
    Require(!document.error().message.empty());
    return;
  }
  const nlohmann::json written = slogate::report::ToResultsJson(*document);
  const auto again = slogate::report::ReadResults(written);
  Require(again.ok() && slogate::report::ToResultsJson(*again).dump() == written.dump());
  std::ostringstream out;
  Require(slogate::report::ConsoleReporter(out).Report(*document).ok());
  Require(slogate::report::HtmlReporter(out).Report(*document).ok());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto json = slogate::ParseJsonText(text, "fuzz.json");
  if (!json.ok()) {
    Require(json.error().code == "bad_json");
    return 0;
  }
  CheckRunResult(*json);
  CheckResultsDocument(*json);
  return 0;
}
