// The self-test matrix's cases: each a fault of the reference gateway and the verdict it must
// give per SLO. Faults are deterministic (every k-th request, or fired at a fixed message
// count), so the matrix does not flake. Shared by the direct-scrape matrix
// (fault_matrix_test.cc) and the one that reads the same metrics through Prometheus: the two
// must reach the same verdicts.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "mid_run_action.h"
#include "refgw_process.h"
#include "suite_child.h"

namespace slogate::selftest {

struct Expectation {
  CaseOutcome outcome;
  std::string message_contains;  // checked when not empty
};

struct FaultCase {
  std::string name;
  std::string faults = "{}";       // the gateway's --faults JSON at start-up
  std::vector<std::string> gateway_args;                       // more gateway flags
  std::vector<std::pair<std::string, std::string>> gateway_env;  // the gateway's environment
  std::vector<std::pair<std::string, std::string>> suite_env;    // more suite environment
  std::string profile = "steady";  // from `profiles_file`
  std::string profiles_file = "selftest.json";  // under fixtures/profiles/
  std::string environment = "local";
  std::optional<MidRunAction> mid_run;
  // SLOs not listed must PASS (Reconciliation is optional and may also be skipped); a listed
  // PASS checks its message.
  std::map<std::string, Expectation> expected;
  // SLOs whose verdict this case leaves open, each with the reason; checked for nothing but
  // being reported. Only where the verdict depends on which writes a periodic sample picks.
  std::map<std::string, std::string> unpinned;
};

// Names the case in gtest's output instead of dumping its bytes.
void PrintTo(const FaultCase& fault, std::ostream* out);

Expectation Pass(std::string contains);
Expectation Fail(std::string contains);
Expectation Inconclusive(std::string contains);


// Every case of the matrix, "Healthy" first.
std::vector<FaultCase> FaultCases();

// GoogleTest expectations that `run` ended as `fault.expected` says: each listed SLO with its
// outcome and wording, every other SLO PASS (Reconciliation may be SKIPPED), and the exit status
// that follows from them.
void ExpectVerdicts(const FaultCase& fault, const SuiteRun& run);

// The suite's environment for one run: variable, value.
using SuiteEnvironment = std::vector<std::pair<std::string, std::string>>;

// Changes the suite's environment for a started gateway (e.g. to read its metrics through
// Prometheus instead of METRICS_URLS); returns whatever must stay alive until the run ends.
using PrepareRun =
    std::function<std::shared_ptr<void>(const testing::RefgwProcess& target, SuiteEnvironment&)>;

// One case end to end: starts its gateway, runs the suite as CI would (TargetEnvironment plus
// the case's own variables, then `prepare`), fires its mid-run action, checks the verdicts
// (ExpectVerdicts) and prints the suite's output when a check failed.
void RunAndExpectVerdicts(const FaultCase& fault, const PrepareRun& prepare = {});

}  // namespace slogate::selftest
