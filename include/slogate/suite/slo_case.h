// SloCase: the fixture a team's own conformance case derives from, next to the bundled ones
// (docs/custom-cases.md). A case is a TEST_P over the suite's selected runs; each run is
// measured once and shared by every case, bundled or not, and whatever a case judges appears
// in the console table, the results file, the JUnit XML, the HTML report and the Pushgateway
// like a built-in SLO.
//
//   class QueueCases : public slogate::suite::SloCase {};
//   TEST_P(QueueCases, QueueDrained) {
//     ExpectHeld("QueueDrained", [](slogate::slo::Judge& judge) {
//       const double depth = ...;  // from judge.observations()
//       judge.Measured(depth, "count").Threshold(0);
//       return depth == 0 ? judge.Pass("queue empty after the drain")
//                         : judge.Fail("queue still holds " + std::to_string(depth));
//     });
//   }
//   SLOGATE_INSTANTIATE_SLO_CASES(QueueCases);
//
// Link slogate::suite: it brings the suite's main(), its flags and the bundled cases.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string_view>

#include "slogate/slo/evaluate.h"
#include "slogate/slo/finding.h"
#include "slogate/slo/judge.h"
#include "slogate/slo/observations.h"
#include "slogate/suite/session.h"

namespace slogate::suite {

// Asserts on `finding` of `key`'s run as every conformance case does: PASS succeeds, FAIL is an
// "SLO BREACH", INCONCLUSIVE fails saying it is no verdict on the target, SKIPPED skips; the
// figures go to the JUnit properties and the message is redacted. The exit status follows.
void ExpectFinding(const RunKey& key, const slo::Finding& finding, const slo::Verdict& verdict);

// A rule a case judges a run by: what it measured, through `judge` (slo/judge.h).
using Rule = std::function<slo::Finding(slo::Judge& judge)>;

class SloCase : public ::testing::TestWithParam<RunKey> {
 protected:
  // The run this case's parameter names: measured on first use, then shared.
  const RunRecord& Run() const;
  // What it judges by: thresholds, checks, the profile's rules and metric checks.
  slo::SloSet Slos() const;

  // Asserts on a built-in SLO ("LatencyP95") or one of the profile's metric checks.
  void ExpectSloHeld(std::string_view name) const;

  // Judges the run by `rule` under `name` and asserts on the finding, which every report then
  // shows with the built-in ones. A run that could not be measured is INCONCLUSIVE without
  // calling `rule`; an interrupted or aborted run cannot PASS (slo::UnlessInterrupted). `name`
  // must be a test-style name no built-in SLO or metric check uses.
  void ExpectHeld(std::string_view name, const Rule& rule) const;
};

// gtest's name for a run: "smoke_write".
std::string RunKeyTestName(const ::testing::TestParamInfo<RunKey>& info);

}  // namespace slogate::suite

// Instantiates `fixture`'s cases for every run the suite selected (--profile, --endpoint), named
// as the bundled ones: "Profile/<fixture>.<case>/<profile>_<endpoint>".
#define SLOGATE_INSTANTIATE_SLO_CASES(fixture)                                    \
  INSTANTIATE_TEST_SUITE_P(                                                       \
      Profile, fixture,                                                           \
      ::testing::ValuesIn(::slogate::suite::SuiteSession::Instance().selected()), \
      ::slogate::suite::RunKeyTestName)
