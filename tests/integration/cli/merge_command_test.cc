#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "command.h"
#include "sample_document.h"
#include "sample_run.h"
#include "slogate/load/run_result_json.h"
#include "slogate/report/json_results.h"

namespace slogate::load {
namespace {

namespace fs = std::filesystem;

using ::slogate::testing::CommandResult;
using ::slogate::testing::RunCommand;

class MergeCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("merge_cli_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path WriteShard(const std::string& name, const RunResult& run) {
    return Write(name, ToJson(run).dump());
  }
  fs::path Write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path) << text;
    return path;
  }

  // Runs `slogate merge <args>`.
  CommandResult Merge(const std::string& args) {
    return RunCommand(std::string(SLOGATE_BINARY) + " merge " + args);
  }

  fs::path dir_;
};

TEST_F(MergeCliTest, MergesShardsToStdout) {
  const RunResult a = testing::SampleRun(1);
  const RunResult b = testing::SampleRun(2);
  const CommandResult outcome =
      Merge(WriteShard("a.json", a).string() + " " + WriteShard("b.json", b).string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const auto merged = RunResultFromJson(nlohmann::json::parse(outcome.out));
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  EXPECT_EQ(merged->sent, a.sent + b.sent);
  EXPECT_EQ(merged->latency.count(), a.latency.count() + b.latency.count());
  EXPECT_EQ(merged->event_ids.size(), a.event_ids.size() + b.event_ids.size());
}

TEST_F(MergeCliTest, WritesToTheOutputFile) {
  const RunResult a = testing::SampleRun(1);
  const fs::path output = dir_ / "merged.json";
  const CommandResult outcome = Merge(WriteShard("a.json", a).string() + " -o " + output.string());
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_TRUE(outcome.out.empty()) << outcome.out;
  const auto merged = ReadRunResultFile(output);
  ASSERT_TRUE(merged.ok()) << merged.error().message;
  EXPECT_EQ(merged->sent, a.sent);
}

TEST_F(MergeCliTest, MissingFileIsNamed) {
  const CommandResult outcome = Merge((dir_ / "absent.json").string());
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_NE(outcome.err.find((dir_ / "absent.json").string() +
                             ": cannot read: No such file or directory"),
            std::string::npos)
      << outcome.err;
  EXPECT_TRUE(outcome.out.empty());
}

TEST_F(MergeCliTest, InvalidJsonIsNamedWithPosition) {
  const fs::path good = WriteShard("a.json", testing::SampleRun(1));
  const fs::path bad = Write("bad.json", "{\"schema_version\": 1,,}");
  const CommandResult outcome = Merge(good.string() + " " + bad.string());
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_NE(outcome.err.find(bad.string() + ":1:22: not valid JSON"), std::string::npos)
      << outcome.err;
}

TEST_F(MergeCliTest, ShardsOfAnotherRunAreRefusedByFileName) {
  RunResult other = testing::SampleRun(2);
  other.target_url = "http://127.0.0.1:9";
  const fs::path a = WriteShard("a.json", testing::SampleRun(1));
  const fs::path b = WriteShard("b.json", other);
  const CommandResult outcome = Merge(a.string() + " " + b.string());
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_NE(
      outcome.err.find(b.string() + " has target_url \"http://127.0.0.1:9\" but " + a.string()),
      std::string::npos)
      << outcome.err;
}

// The suite's results file carries a schema_version too: named for what it is, not as a
// version this slogate cannot read.
TEST_F(MergeCliTest, AResultsFileIsNamedForWhatItIs) {
  const fs::path results =
      Write("results.json", report::ToResultsJson(testing::SampleDocument()).dump());
  const CommandResult outcome = Merge(results.string());
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_NE(outcome.err.find(results.string() +
                             ": this is a suite results file (SLO_RESULTS), not a RunResult"),
            std::string::npos)
      << outcome.err;
}

TEST_F(MergeCliTest, ADirectoryIsNamedWithTheReason) {
  const CommandResult outcome = Merge(dir_.string());
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_NE(outcome.err.find(dir_.string() + ": cannot read: Is a directory"), std::string::npos)
      << outcome.err;
}

TEST_F(MergeCliTest, UsageErrorsExitTwo) {
  const CommandResult none = Merge("");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("no shard files given"), std::string::npos) << none.err;
  const CommandResult unknown = Merge("--frobnicate x.json");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("unknown option \"--frobnicate\""), std::string::npos) << unknown.err;
  const CommandResult dangling = Merge("x.json -o");
  EXPECT_EQ(dangling.exit_code, 2);
  EXPECT_NE(dangling.err.find("-o needs a value"), std::string::npos) << dangling.err;
}

}  // namespace
}  // namespace slogate::load
