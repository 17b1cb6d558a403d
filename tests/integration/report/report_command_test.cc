// `slogate report` end to end: the real binary renders a results file in each format, and a bad
// file gets an error naming the file and the field.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "sample_document.h"
#include "slogate/report/json_results.h"

namespace slogate::report {
namespace {

struct CommandRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

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

  // Runs `slogate report <args>` with stdout and stderr captured in files.
  CommandRun Report(const std::string& args) {
    const auto out = directory_ / "stdout", err = directory_ / "stderr";
    const std::string command = std::string(SLOGATE_BINARY) + " report " + args + " >" +
                                out.string() + " 2>" + err.string() + " </dev/null";
    const int status = std::system(command.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, Slurp(out), Slurp(err)};
  }

  std::filesystem::path directory_;
  std::filesystem::path results_;
};

TEST_F(ReportCommandTest, WritesHtmlToTheOutputFile) {
  const auto html = directory_ / "report.html";
  const CommandRun run = Report(results_.string() + " -o " + html.string());
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_TRUE(run.out.empty());
  const std::string page = Slurp(html);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("<span class=\"pill FAIL big\">FAIL</span>"), std::string::npos);
}

TEST_F(ReportCommandTest, PrintsTheConsoleTable) {
  const CommandRun run = Report(results_.string() + " --format console");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("verdict: FAIL (1 pass, 1 fail, 1 inconclusive, 1 skipped)"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(run.out.find('\033'), std::string::npos);  // stdout is a file: no color
}

TEST_F(ReportCommandTest, JsonFormatRoundTrips) {
  const CommandRun run = Report(results_.string() + " --format json");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(nlohmann::json::parse(run.out), nlohmann::json::parse(Slurp(results_)));
}

TEST_F(ReportCommandTest, BadFieldIsNamedWithTheFile) {
  nlohmann::json document = nlohmann::json::parse(Slurp(results_));
  document["scrapes"][0]["endpoints"][0].erase("url");
  std::ofstream(results_) << document.dump();
  const CommandRun run = Report(results_.string());
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find(results_.string() + ": scrapes[0].endpoints[0].url: missing (required)"),
            std::string::npos)
      << run.err;
  EXPECT_TRUE(run.out.empty());
}

TEST_F(ReportCommandTest, UsageErrors) {
  EXPECT_EQ(Report("").exit_code, 2);
  const CommandRun bad_format = Report(results_.string() + " --format pdf");
  EXPECT_EQ(bad_format.exit_code, 2);
  EXPECT_NE(bad_format.err.find("unknown --format 'pdf'"), std::string::npos) << bad_format.err;
}

}  // namespace
}  // namespace slogate::report
