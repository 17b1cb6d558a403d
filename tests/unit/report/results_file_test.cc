#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "sample_document.h"
#include "slogate/report/json_results.h"

namespace slogate::report {
namespace {

class ResultsFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = std::filesystem::temp_directory_path() /
                 ("slogate_results_file_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::filesystem::path Write(const std::string& name, const std::string& content) {
    const std::filesystem::path path = directory_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::filesystem::path directory_;
};

TEST_F(ResultsFileTest, ReadsAWrittenFile) {
  const auto path = Write("ok.json", ToResultsJson(testing::SampleDocument()).dump(2));
  Result<ResultsDocument> read = ReadResultsFile(path);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(read->verdict.findings.size(), 4u);
}

TEST_F(ResultsFileTest, MissingFileNamesTheFile) {
  const auto path = directory_ / "absent.json";
  Result<ResultsDocument> read = ReadResultsFile(path);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, "unreadable_file");
  EXPECT_EQ(read.error().message, path.string() + ": cannot read: No such file or directory");
}

TEST_F(ResultsFileTest, SyntaxErrorNamesFileLineAndColumn) {
  const auto path = Write("broken.json", "{\n  \"schema_version\": 1,\n  }\n");
  Result<ResultsDocument> read = ReadResultsFile(path);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, "bad_json");
  EXPECT_EQ(read.error().message.rfind(path.string() + ":3:3: not valid JSON: ", 0), 0u)
      << read.error().message;
}

TEST_F(ResultsFileTest, BadFieldNamesFileAndField) {
  nlohmann::json document = ToResultsJson(testing::SampleDocument());
  document["verdict"]["findings"][1]["outcome"] = 3;
  const auto path = Write("bad.json", document.dump());
  Result<ResultsDocument> read = ReadResultsFile(path);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, "bad_results");
  EXPECT_EQ(read.error().message,
            path.string() + ": verdict.findings[1].outcome: expected a string, got 3");
}

}  // namespace
}  // namespace slogate::report
