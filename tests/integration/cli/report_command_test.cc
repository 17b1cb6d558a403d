// `slogate report` end to end: the real binary renders a results file in each format, and a bad
// file gets an error naming the file and the field.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "command.h"
#include "files.h"
#include "loopback.h"
#include "sample_document.h"
#include "sample_run.h"
#include "slogate/load/run_result_json.h"
#include "slogate/report/console_reporter.h"
#include "slogate/report/json_results.h"

namespace slogate::report {
namespace {

using ::slogate::testing::CommandResult;
using ::slogate::testing::ReadFile;
using ::slogate::testing::RunCommand;

class ReportCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("slogate_report_command_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory_);
    results_ = directory_ / "results.json";
    std::ofstream(results_) << ToResultsJson(testing::SampleDocument()).dump(2);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  // Runs `slogate report <args>`.
  CommandResult Report(const std::string& args) {
    return RunCommand(std::string(SLOGATE_BINARY) + " report " + args);
  }

  std::filesystem::path directory_;
  std::filesystem::path results_;
};

TEST_F(ReportCommandTest, WritesHtmlToTheOutputFile) {
  const auto html = directory_ / "report.html";
  const CommandResult run = Report(results_.string() + " -o " + html.string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.out.empty());
  const std::string page = ReadFile(html);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("<span class=\"pill FAIL big\">FAIL</span>"), std::string::npos);
}

TEST_F(ReportCommandTest, PrintsTheConsoleTable) {
  const CommandResult run = Report(results_.string() + " --format console");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("verdict: FAIL (1 pass, 1 fail, 1 inconclusive, 1 skipped)"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find('\033'), std::string::npos);  // stdout is a file: no color
}

TEST_F(ReportCommandTest, RendersTheEvidenceEarlyStopAndSelectionAsTheRunPrintedThem) {
  ResultsDocument document = testing::SampleDocument();
  testing::MakeLatencyAPointEstimate(document);
  document.verdict.early_stop =
      slo::EarlyStop{std::chrono::seconds(43), "ErrorRate", "errors so far (12) exceed 2"};
  document.selection = Selection{"*LatencyP95*", {"LatencyP95"}};
  std::ofstream(results_, std::ios::trunc) << ToResultsJson(document).dump(2);
  std::ostringstream printed;
  ConsoleReporter console(printed);
  ASSERT_TRUE(console.Report(document).ok());

  const CommandResult run = Report(results_.string() + " --format console");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, printed.str());
  EXPECT_NE(run.out.find("PASS*"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("aborted at +43 s: ErrorRate"), std::string::npos) << run.out;
}

TEST_F(ReportCommandTest, JsonFormatRoundTrips) {
  const CommandResult run = Report(results_.string() + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out), nlohmann::json::parse(ReadFile(results_)));
}

TEST_F(ReportCommandTest, BadFieldIsNamedWithTheFile) {
  nlohmann::json document = nlohmann::json::parse(ReadFile(results_));
  document["scrapes"][0]["endpoints"][0].erase("url");
  std::ofstream(results_) << document.dump();
  const CommandResult run = Report(results_.string());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find(results_.string() + ": scrapes[0].endpoints[0].url: missing (required)"),
            std::string::npos)
      << run.err;
  EXPECT_TRUE(run.out.empty());
}

// A RunResult (slogate run --out) carries a schema_version too: named for what it is, not as a
// version this slogate cannot read.
TEST_F(ReportCommandTest, ARunResultIsNamedForWhatItIs) {
  const auto shard = directory_ / "shard.json";
  std::ofstream(shard) << load::ToJson(testing::SampleRun(1)).dump();
  const CommandResult run = Report(shard.string());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find(shard.string() + ": this is a RunResult (from slogate run --out or "
                                          "slogate merge), not a results file"),
            std::string::npos)
      << run.err;
  EXPECT_TRUE(run.out.empty());
}

// Without --format: HTML into a pipe (with --push too: `> report.html` must keep working), the
// table on a terminal (script(1) gives it one). The push itself fails here, at a port that
// refuses.
TEST_F(ReportCommandTest, TheDefaultFormatFollowsWhereTheReportGoes) {
  const CommandResult piped = Report(results_.string());
  EXPECT_EQ(piped.out.rfind("<!DOCTYPE html>", 0), 0u) << piped.out.substr(0, 200);

  const slogate::testing::LoopbackPort refusing = slogate::testing::LoopbackPort::Refusing();
  const std::string push = " --push http://127.0.0.1:" + std::to_string(refusing.port());
  const CommandResult pushed = Report(results_.string() + push);
  EXPECT_EQ(pushed.exit_code, 1);
  EXPECT_EQ(pushed.out.rfind("<!DOCTYPE html>", 0), 0u) << pushed.out.substr(0, 200);

  const CommandResult asked = Report(results_.string() + " --format json --push http://127.0.0.1:" +
                                     std::to_string(refusing.port()));
  EXPECT_EQ(nlohmann::json::parse(asked.out), nlohmann::json::parse(ReadFile(results_)));

  if (!slogate::testing::TerminalAvailable()) GTEST_SKIP() << "script(1) is not installed";
  const CommandResult on_terminal = slogate::testing::RunOnATerminal(
      "env NO_COLOR=1 " + std::string(SLOGATE_BINARY) + " report " + results_.string() + push);
  EXPECT_EQ(on_terminal.out.find("<!DOCTYPE"), std::string::npos) << on_terminal.out.substr(0, 200);
  EXPECT_NE(on_terminal.out.find("verdict: FAIL"), std::string::npos) << on_terminal.out;
}

TEST_F(ReportCommandTest, UsageErrors) {
  EXPECT_EQ(Report("").exit_code, 2);
  const CommandResult bad_format = Report(results_.string() + " --format pdf");
  EXPECT_EQ(bad_format.exit_code, 2);
  EXPECT_NE(bad_format.err.find("unknown --format 'pdf'"), std::string::npos) << bad_format.err;
}

}  // namespace
}  // namespace slogate::report
