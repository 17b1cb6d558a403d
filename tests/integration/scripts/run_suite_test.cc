// scripts/run-suite with a stand-in for build/bin/slogate_suite that exits with a chosen status:
// the script must exit with the same status (CI acts on it) and name it in one line, since make
// reports its own status 2 for every failed recipe.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>

#include "command.h"
#include "files.h"

namespace slogate::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kScript[] = SLOGATE_SOURCE_DIR "/scripts/run-suite";

// A build directory whose bin/slogate_suite records its arguments and exits with $STUB_STATUS.
class RunSuiteScriptTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One directory per test (ctest runs them in parallel); "Case/Param" names flattened.
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '_');
    build_dir_ = std::filesystem::path(::testing::TempDir()) / ("run_suite_" + name);
    std::filesystem::remove_all(build_dir_);
    std::filesystem::create_directories(build_dir_ / "bin");
    const std::filesystem::path suite = build_dir_ / "bin" / "slogate_suite";
    std::ofstream(suite) << "#!/bin/sh\necho \"$@\" > \"$(dirname \"$0\")/args\"\n"
                            "exit \"$STUB_STATUS\"\n";
    std::filesystem::permissions(suite, std::filesystem::perms::owner_all);
  }
  void TearDown() override { std::filesystem::remove_all(build_dir_); }

  CommandResult RunWithStatus(int status) {
    return RunCommand("env -u SLO_RESULTS -u SLO_HTML STUB_STATUS=" + std::to_string(status) +
                      " " + kScript + " " + build_dir_.string() + " soak");
  }

  std::filesystem::path build_dir_;
};

TEST_F(RunSuiteScriptTest, PassIsSilentAndRunsTheNamedProfile) {
  const CommandResult result = RunWithStatus(0);
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.err, Not(HasSubstr("exited")));
  EXPECT_EQ(ReadFile(build_dir_ / "bin" / "args"), "--profile=soak --gtest_brief=1\n");
}

// A non-zero status of the suite and the line that names it.
struct NamedStatus {
  int status;
  const char* line;
};

void PrintTo(const NamedStatus& named, std::ostream* out) { *out << named.status; }

class RunSuiteStatusTest : public RunSuiteScriptTest,
                           public ::testing::WithParamInterface<NamedStatus> {};

TEST_P(RunSuiteStatusTest, KeepsTheStatusAndNamesIt) {
  const CommandResult result = RunWithStatus(GetParam().status);
  EXPECT_EQ(result.exit_code, GetParam().status);
  EXPECT_THAT(result.err, HasSubstr(GetParam().line));
}

INSTANTIATE_TEST_SUITE_P(
    Statuses, RunSuiteStatusTest,
    ::testing::Values(
        NamedStatus{1, "slogate_suite exited 1: an SLO breach: some SLO FAILed"},
        NamedStatus{2, "slogate_suite exited 2: a usage or configuration error: nothing was "
                       "measured\n"},
        NamedStatus{3, "slogate_suite exited 3: nothing failed, something was INCONCLUSIVE — a "
                       "retry may settle it\n"},
        NamedStatus{4, "slogate_suite exited 4: every SLO passed, but a report could not be "
                       "written or pushed\n"},
        NamedStatus{137, "slogate_suite exited 137: killed by signal 9"}),
    [](const ::testing::TestParamInfo<NamedStatus>& info) {
      switch (info.param.status) {
        case 1: return std::string("Breach");
        case 2: return std::string("UsageError");
        case 3: return std::string("Inconclusive");
        case 4: return std::string("ReportFailed");
        default: return "Status" + std::to_string(info.param.status);
      }
    });

TEST_F(RunSuiteScriptTest, MissingSuiteIsAConfigurationErrorNotABreach) {
  std::filesystem::remove(build_dir_ / "bin" / "slogate_suite");
  const CommandResult result = RunWithStatus(0);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr("slogate_suite is not built (run make build)"));
}

}  // namespace
}  // namespace slogate::testing
