#include "slogate/report/json_results.h"

#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "sample_document.h"

namespace slogate::report {
namespace {

using nlohmann::json;

TEST(JsonResultsTest, HasSchemaVersionContextAndEveryPart) {
  const json out = ToResultsJson(testing::SampleDocument());
  EXPECT_EQ(out["schema_version"], kResultsSchemaVersion);
  EXPECT_EQ(out["context"]["generated_at"], "2026-09-21T14:13:32Z");
  EXPECT_EQ(out["context"]["host"], "ci-runner-1");
  EXPECT_EQ(out["context"]["profile"], "burst");
  EXPECT_EQ(out["run"]["sent"], 200);
  EXPECT_TRUE(out["run"].contains("latency"));  // the histogram itself, for merging
  EXPECT_EQ(out["summary"]["count"], 200);
  EXPECT_EQ(out["verdict"]["overall"], "FAIL");
  EXPECT_EQ(out["verdict"]["findings"].size(), 4u);
  EXPECT_EQ(out["verdict"]["findings"][3]["measured"], nullptr);
  EXPECT_EQ(out["scrapes"][1]["endpoints"][1]["error"], "connection refused");
  EXPECT_EQ(out["series"][0]["points"].size(), 20u);
  EXPECT_EQ(out["series"][0]["points"][12]["value"], nullptr);
}

TEST(JsonResultsTest, RoundTripsThroughReadResults) {
  const ResultsDocument original = testing::SampleDocument();
  const json written = ToResultsJson(original);
  Result<ResultsDocument> read = ReadResults(json::parse(written.dump()));
  ASSERT_TRUE(read.ok()) << read.error().message;
  // Writing what was read gives the same file: nothing is lost or changed on the way.
  EXPECT_EQ(ToResultsJson(*read), written);
  ASSERT_TRUE(read->run.has_value());
  EXPECT_EQ(read->run->latency.Percentile(0.95), original.run->latency.Percentile(0.95));
  EXPECT_EQ(read->verdict.findings[1].measurements.size(), 2u);
  EXPECT_EQ(read->series[0].points[12].error, "scrape failed: connection refused");
}

TEST(JsonResultsTest, RoundTripsARunThatNeverStarted) {
  ResultsDocument document;
  document.error = "target unreachable";
  const json written = ToResultsJson(document);
  EXPECT_EQ(written["run"], nullptr);
  Result<ResultsDocument> read = ReadResults(written);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_FALSE(read->run.has_value());
  EXPECT_EQ(read->error, "target unreachable");
}

TEST(JsonReporterTest, WritesParseableJson) {
  std::ostringstream out;
  JsonReporter reporter(out);
  ASSERT_TRUE(reporter.Report(testing::SampleDocument()).ok());
  EXPECT_EQ(json::parse(out.str())["schema_version"], kResultsSchemaVersion);
}

struct BadCase {
  std::string name;
  std::string json_pointer;  // what to change in a valid file
  json replacement;          // discarded value = remove the member
  std::string expected;      // start of the error message
};

class ReadResultsErrorTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(ReadResultsErrorTest, NamesTheField) {
  json document = ToResultsJson(testing::SampleDocument());
  const json::json_pointer pointer(GetParam().json_pointer);
  if (GetParam().replacement.is_discarded()) {
    document[pointer.parent_pointer()].erase(pointer.back());
  } else {
    document[pointer] = GetParam().replacement;
  }
  Result<ResultsDocument> read = ReadResults(document);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, "bad_results");
  EXPECT_EQ(read.error().message.rfind(GetParam().expected, 0), 0u) << read.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ReadResultsErrorTest,
    ::testing::Values(
        BadCase{"MissingSchemaVersion", "/schema_version", json(json::value_t::discarded),
                "schema_version: missing (required)"},
        BadCase{"FutureSchemaVersion", "/schema_version", 99,
                "schema_version: this slogate reads version 1, the file has 99"},
        BadCase{"ContextNotObject", "/context", "x", "context: expected an object, got \"x\""},
        BadCase{"MissingVerdict", "/verdict", json(json::value_t::discarded),
                "verdict: missing (required)"},
        BadCase{"UnknownOutcome", "/verdict/findings/2/outcome", "MAYBE",
                "verdict.findings[2].outcome: \"MAYBE\" is not an outcome"},
        BadCase{"MeasuredNotNumber", "/verdict/findings/0/measured", "1%",
                "verdict.findings[0].measured: expected a number or null, got \"1%\""},
        BadCase{"NegativeSampleCount", "/scrapes/1/endpoints/0/samples", -3,
                "scrapes[1].endpoints[0].samples: expected a non-negative integer, got -3"},
        BadCase{"PointWithoutTime", "/series/0/points/4/t", json(json::value_t::discarded),
                "series[0].points[4].t: missing (required)"},
        BadCase{"BadRun", "/run/sent", "many", "run: "}),
    [](const ::testing::TestParamInfo<BadCase>& param_info) { return param_info.param.name; });

TEST(ReadResultsTest, RejectsANonObjectDocument) {
  Result<ResultsDocument> read = ReadResults(json::array());
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().message, "document: expected a JSON object, got []");
}

}  // namespace
}  // namespace slogate::report
