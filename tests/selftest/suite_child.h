// Runs slogate_suite as a child process, the way CI runs it, and reads back per-SLO outcomes
// from its GoogleTest JSON output. The self-test judges the suite from the outside.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "slogate/common/result.h"

namespace slogate::selftest {

// What one conformance test case ended as, from the suite's own report.
enum class CaseOutcome { kPass, kFail, kInconclusive, kSkip };
std::string_view CaseOutcomeName(CaseOutcome outcome);

struct CaseResult {
  CaseOutcome outcome = CaseOutcome::kPass;
  std::string message;  // the failure or skip message, else the finding's own (a PASS)
};

struct SuiteInvocation {
  std::vector<std::string> args;                           // after the program name
  std::vector<std::pair<std::string, std::string>> env;    // set in the child
  std::chrono::seconds timeout{120};
  // When set, the child gets SIGINT this long after it started (a user's Ctrl-C mid-run).
  std::optional<std::chrono::milliseconds> interrupt_after;
  // When set, the child gets SIGINT once this returns true (asked every 20 ms): a Ctrl-C in a
  // phase the test can observe, e.g. once its audit endpoint has been asked.
  std::function<bool()> interrupt_when;
};

struct SuiteRun {
  int exit_status = -1;
  std::map<std::string, CaseResult> by_slo;  // "ErrorRate" -> result (one run per invocation)
  std::string log_path;                      // the child's stdout and stderr
  std::string dir;                           // the run's temp directory (log, reports)
  std::string results_path;                  // the JSON results file (SLO_RESULTS) in `dir`
  // How long the child took to exit after the SIGINT, when it got one.
  std::optional<std::chrono::milliseconds> interrupt_to_exit;
};

// True for a finding the suite set aside because its own load generator fell behind its
// schedule (the machine was too busy to measure). It says nothing about the target either way:
// a test that expects a verdict there reruns the case, or skips with this reason.
bool GeneratorWasLate(const CaseResult& result);

// The run's JSON results file (SuiteRun::results_path), parsed; errors name the file.
Result<nlohmann::json> ReadResultsFile(const SuiteRun& run);

// The slogate_suite binary built next to this test (../bin/slogate_suite).
Result<std::string> FindSuiteBinary();

// Runs the suite and parses its --gtest_output=json file. The suite writes its JSON results to
// SuiteRun::results_path (SLO_RESULTS) unless the invocation sets SLO_RESULTS itself. Errors when it cannot start, time
// out, or leaves no readable report; a failing suite is a normal result.
Result<SuiteRun> RunSuite(const std::string& binary, const SuiteInvocation& invocation);

}  // namespace slogate::selftest
