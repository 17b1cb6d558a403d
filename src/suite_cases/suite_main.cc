#include "slogate/suite/suite_main.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "bundled_cases.h"
#include "metric_check_cases.h"
#include "slogate/config/loader.h"
#include "slogate/load/stop_signals.h"
#include "slogate/suite/exit_code.h"
#include "slogate/suite/session.h"

namespace slogate::suite {
namespace {

// How messages name the program: slogate_suite, or a team's own suite built on the library.
std::string ProgramName(const char* argv0) {
  const std::string path = argv0 != nullptr ? argv0 : "slogate_suite";
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

int SuiteMain(int argc, char** argv) {
  const std::string program = ProgramName(argv[0]);
  std::vector<std::string> args(argv + 1, argv + argc);
  const auto env = config::ProcessEnvironment();
  auto flags = ParseSuiteFlags(args, env);
  if (!flags) {
    std::fprintf(stderr, "%s: %s\n", program.c_str(), flags.error().message.c_str());
    return kExitUsage;
  }
  // Neither help nor the version starts a gateway or sends load.
  if (flags->outcome == options::Outcome::kVersion) {
    std::puts(options::VersionLine(program).c_str());
    return 0;
  }
  if (flags->outcome == options::Outcome::kHelp) {
    std::fputs(SuiteUsage().c_str(), stdout);
    std::fputs("\n", stdout);
    char help_flag[] = "--help";
    // GoogleTest reads argv[argc] (it must be null, as a C argv is) when it removes a flag.
    std::vector<char*> gtest_help = {argv[0], help_flag, nullptr};
    int gtest_help_argc = static_cast<int>(gtest_help.size()) - 1;
    ::testing::InitGoogleTest(&gtest_help_argc, gtest_help.data());  // prints gtest's flags
    return 0;
  }

  SuiteSession& session = SuiteSession::Instance();
  if (Status configured = session.Configure(*flags, env); !configured.ok()) {
    std::fprintf(stderr, "%s: configuration error: %s\n", program.c_str(),
                 configured.error().ToString().c_str());
    return kExitUsage;
  }

  std::vector<char*> gtest_argv = {argv[0]};
  for (auto& arg : args) gtest_argv.push_back(arg.data());
  // Null-terminated like a C argv: removing a flag it knows (--gtest_output=...), GoogleTest
  // moves the rest down including argv[argc], which was read past the vector's end before.
  gtest_argv.push_back(nullptr);
  int gtest_argc = static_cast<int>(gtest_argv.size()) - 1;
  ::testing::InitGoogleTest(&gtest_argc, gtest_argv.data());
  LinkBundledCases();
  RegisterMetricCheckCases();
  session.set_gtest_filter(GTEST_FLAG_GET(filter));

  // SIGINT/SIGTERM stop the run in whatever phase it is and the reports are still written; a
  // second signal changes nothing, since the first already ends every wait within its bound.
  const load::StopOnSignals signals(load::SecondSignal::kStopsToo);
  session.set_stop_signals(signals);
  const int tests_status = RUN_ALL_TESTS();
  const auto reported = session.Finish(std::cout);
  // A failure that no FAIL or INCONCLUSIVE finding explains (an assertion of the suite itself,
  // a failure outside any case) must not read as a retryable or passing run.
  const std::vector<slo::Outcome> judged = session.judged();
  const auto explained = std::count_if(judged.begin(), judged.end(), [](auto outcome) {
    return outcome == slo::Outcome::kFail || outcome == slo::Outcome::kInconclusive;
  });
  const int failed_cases = ::testing::UnitTest::GetInstance()->failed_test_count();
  const bool other_test_failed =
      failed_cases > static_cast<int>(explained) || (tests_status != 0 && failed_cases == 0);
  return SuiteExitCode(judged, other_test_failed, !reported.ok());
}

}  // namespace slogate::suite
