#include "slogate/report/json_results.h"

#include <chrono>
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
  ASSERT_TRUE(read->verdict.findings[0].evidence.has_value());
  EXPECT_EQ(read->verdict.findings[0].evidence->effective_sample_size, 105.3);
  EXPECT_TRUE(read->verdict.findings[0].evidence->design_effect_measured);
  EXPECT_EQ(read->verdict.findings[1].evidence->method, "order-statistic");
  EXPECT_FALSE(read->verdict.findings[2].evidence.has_value());
}

TEST(JsonResultsTest, WritesTheEvidenceOfTheFindingsThatHaveSome) {
  const json out = ToResultsJson(testing::SampleDocument());
  const json& evidence = out["verdict"]["findings"][0]["evidence"];
  EXPECT_EQ(evidence["confidence"], 0.95);
  EXPECT_EQ(evidence["point_estimate"], false);
  EXPECT_EQ(evidence["bound"], 0.0356);
  EXPECT_EQ(evidence["method"], "clopper-pearson");
  EXPECT_EQ(evidence["sample_size"], 200);
  EXPECT_EQ(evidence["failures"], 2);
  EXPECT_EQ(evidence["effective_sample_size"], 105.3);
  EXPECT_EQ(evidence["design_effect"], 1.9);
  EXPECT_EQ(evidence["design_effect_measured"], true);
  EXPECT_EQ(evidence["needed"], "");
  EXPECT_FALSE(out["verdict"]["findings"][2].contains("evidence"));
  EXPECT_EQ(out["verdict"]["early_stop"], nullptr);
  EXPECT_EQ(out["selection"], nullptr);
}

TEST(JsonResultsTest, APointEstimateHasNoBound) {
  ResultsDocument document = testing::SampleDocument();
  testing::MakeLatencyAPointEstimate(document);
  const json written = ToResultsJson(document);
  const json& out = written["verdict"]["findings"][1]["evidence"];
  EXPECT_EQ(out["point_estimate"], true);
  EXPECT_EQ(out["bound"], nullptr);
  Result<ResultsDocument> read = ReadResults(json::parse(written.dump()));
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_TRUE(read->verdict.findings[1].evidence.has_value());
  EXPECT_TRUE(read->verdict.findings[1].evidence->point_estimate());
  EXPECT_FALSE(read->verdict.findings[1].evidence->bound.has_value());
  EXPECT_EQ(read->verdict.findings[1].evidence->needed,
            document.verdict.findings[1].evidence->needed);
}

TEST(JsonResultsTest, RoundTripsAnEarlyStopAndASelection) {
  ResultsDocument document = testing::SampleDocument();
  document.verdict.early_stop =
      slo::EarlyStop{std::chrono::milliseconds(43'250), "ErrorRate",
                     "errors so far (12) already exceed what the whole run of 600 may have (2)"};
  document.selection = Selection{"*LatencyP95*:*ErrorRate*", {"ErrorRate", "LatencyP95"}};
  const json written = ToResultsJson(document);
  EXPECT_EQ(written["verdict"]["early_stop"]["at_s"], 43.25);
  EXPECT_EQ(written["verdict"]["early_stop"]["slo"], "ErrorRate");
  EXPECT_EQ(written["verdict"]["early_stop"]["text"],
            slo::EarlyStopText(*document.verdict.early_stop));
  EXPECT_EQ(written["selection"]["filter"], "*LatencyP95*:*ErrorRate*");
  EXPECT_EQ(written["selection"]["selected"], json::array({"ErrorRate", "LatencyP95"}));
  std::vector<slo::Finding> selected;
  for (const slo::Finding& finding : document.verdict.findings) {
    if (finding.slo == "ErrorRate" || finding.slo == "LatencyP95") selected.push_back(finding);
  }
  EXPECT_EQ(written["selection"]["selected_overall"],
            slo::OutcomeName(slo::CombineOutcomes(selected)));

  Result<ResultsDocument> read = ReadResults(json::parse(written.dump()));
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(ToResultsJson(*read), written);
  ASSERT_TRUE(read->verdict.early_stop.has_value());
  EXPECT_EQ(read->verdict.early_stop->at, std::chrono::milliseconds(43'250));
  EXPECT_EQ(read->verdict.early_stop->reason, document.verdict.early_stop->reason);
  ASSERT_TRUE(read->selection.has_value());
  EXPECT_EQ(read->selection->filter, document.selection->filter);
  EXPECT_EQ(read->selection->selected, document.selection->selected);
}

TEST(JsonResultsTest, ReadsAFileWrittenBeforeEvidenceEarlyStopsAndSelections) {
  json written = ToResultsJson(testing::SampleDocument());
  written["verdict"]["findings"][0].erase("evidence");
  written["verdict"].erase("early_stop");
  written.erase("selection");
  Result<ResultsDocument> read = ReadResults(written);
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_FALSE(read->verdict.findings[0].evidence.has_value());
  EXPECT_FALSE(read->verdict.early_stop.has_value());
  EXPECT_FALSE(read->selection.has_value());
}

// Found by fuzz_results: 1.79e20 s overflowed the clock's conversion (undefined behaviour).
TEST(JsonResultsTest, ATimePastANanosecondClockIsAnErrorNamingTheField) {
  json written = ToResultsJson(testing::SampleDocument());
  written["context"]["generated_at_unix"] = 1.79e20;
  Result<ResultsDocument> read = ReadResults(written);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, "bad_results");
  EXPECT_EQ(read.error().message,
            "context.generated_at_unix: expected seconds within ±9.2e9 (what a nanosecond clock "
            "holds), got 1.79e+20");
}

// A scrape's duration is read rounded to the nanosecond, as every other duration: truncating
// 8.001 s (8000999999.99 ns) lost a nanosecond on each read and write.
TEST(JsonResultsTest, AScrapeDurationReadsBackAsWritten) {
  json written = ToResultsJson(testing::SampleDocument());
  ASSERT_FALSE(written["scrapes"].empty());
  ASSERT_FALSE(written["scrapes"][0]["endpoints"].empty());
  written["scrapes"][0]["endpoints"][0]["took_seconds"] = 8.001;
  Result<ResultsDocument> read = ReadResults(written);
  ASSERT_TRUE(read.ok()) << read.error().message;
  const json again = ToResultsJson(*read);
  EXPECT_EQ(again["scrapes"][0]["endpoints"][0]["took_seconds"], 8.001);
  written["scrapes"][0]["endpoints"][0]["took_seconds"] = 1e300;
  Result<ResultsDocument> huge = ReadResults(written);
  ASSERT_FALSE(huge.ok());
  EXPECT_NE(huge.error().message.find("took_seconds: expected seconds within"), std::string::npos)
      << huge.error().message;
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
        BadCase{"BadRun", "/run/sent", "many", "run: "},
        BadCase{"ConfidenceNotALevel", "/verdict/findings/0/evidence/confidence", 95,
                "verdict.findings[0].evidence.confidence: expected a level in [0, 1) (0: a point "
                "estimate), got 95"},
        BadCase{"EvidenceWithoutSampleSize", "/verdict/findings/1/evidence/sample_size",
                json(json::value_t::discarded),
                "verdict.findings[1].evidence.sample_size: missing (required)"},
        BadCase{"EvidenceNotObject", "/verdict/findings/0/evidence", "strong",
                "verdict.findings[0].evidence: expected a JSON object, got \"strong\""},
        BadCase{"EarlyStopWithoutSlo", "/verdict/early_stop", json{{"at_s", 4}, {"reason", "x"}},
                "verdict.early_stop.slo: missing (required)"},
        BadCase{"SelectionWithoutFilter", "/selection", json{{"selected", json::array()}},
                "selection.filter: missing (required)"},
        BadCase{"SelectedNotAName", "/selection", json{{"filter", "*"}, {"selected", {"A", 3}}},
                "selection.selected[1]: expected an SLO name, got 3"}),
    [](const ::testing::TestParamInfo<BadCase>& param_info) { return param_info.param.name; });

TEST(ReadResultsTest, RejectsANonObjectDocument) {
  Result<ResultsDocument> read = ReadResults(json::array());
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().message, "document: expected a JSON object, got []");
}

TEST(JsonResultsTest, WritesAndReadsBackEachFindingsQueries) {
  const ResultsDocument original = testing::SampleDocumentWithQueries();
  const json written = ToResultsJson(original);
  const json& queries = written["verdict"]["findings"][2]["queries"];
  ASSERT_EQ(queries.size(), 2u);
  EXPECT_EQ(queries[0]["promql"], R"(max(memory_replicator_lag_seconds{job="gw<1>&"}))");
  EXPECT_EQ(queries[0]["start"], 1'790'000'000.0);
  EXPECT_EQ(queries[0]["end"], 1'790'000'014.5);
  EXPECT_EQ(queries[0]["step_seconds"], 1.0);
  EXPECT_EQ(queries[1]["step_seconds"], 0.0);
  EXPECT_FALSE(written["verdict"]["findings"][0].contains("queries"));
  Result<ResultsDocument> read = ReadResults(json::parse(written.dump()));
  ASSERT_TRUE(read.ok()) << read.error().message;
  EXPECT_EQ(ToResultsJson(*read), written);
  const slo::SourceQuery& query = read->verdict.findings[2].queries[1];
  EXPECT_EQ(query.promql, original.verdict.findings[2].queries[1].promql);
  EXPECT_EQ(query.start, original.verdict.findings[2].queries[1].start);
  EXPECT_EQ(query.step, std::chrono::milliseconds(0));
  EXPECT_TRUE(read->verdict.findings[0].queries.empty());
}

struct BadQueryCase {
  std::string name;
  std::string member;
  json value;
  std::string message;
};

class BadQueryTest : public ::testing::TestWithParam<BadQueryCase> {};

TEST_P(BadQueryTest, IsRefusedNamingTheField) {
  json written = ToResultsJson(testing::SampleDocumentWithQueries());
  json& query = written["verdict"]["findings"][2]["queries"][1];
  query[GetParam().member] = GetParam().value;
  Result<ResultsDocument> read = ReadResults(written);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, "bad_results");
  EXPECT_EQ(read.error().message, GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Fields, BadQueryTest,
    ::testing::Values(
        BadQueryCase{"EmptyPromql", "promql", "",
                     "verdict.findings[2].queries[1].promql: expected a PromQL expression of 1 "
                     "to 16384 bytes, got 0"},
        BadQueryCase{"PromqlNotAString", "promql", 3,
                     "verdict.findings[2].queries[1].promql: expected a string, got 3"},
        BadQueryCase{"EndBeforeStart", "end", 1'000.0,
                     "verdict.findings[2].queries[1].end: expected a time at or after \"start\""},
        BadQueryCase{"NegativeStep", "step_seconds", -1.0,
                     "verdict.findings[2].queries[1].step_seconds: expected seconds >= 0 (0: an "
                     "instant query), got -1"},
        BadQueryCase{"StartPastTheClock", "start", 1e12,
                     "verdict.findings[2].queries[1].start: expected seconds within ±9.2e9 (what "
                     "a nanosecond clock holds), got 1e+12"}),
    [](const ::testing::TestParamInfo<BadQueryCase>& param_info) { return param_info.param.name; });

TEST(JsonResultsTest, RefusesMoreQueriesThanAFindingReads) {
  json written = ToResultsJson(testing::SampleDocumentWithQueries());
  json& queries = written["verdict"]["findings"][2]["queries"];
  const json one = queries[0];
  while (queries.size() <= 64) queries.push_back(one);
  Result<ResultsDocument> read = ReadResults(written);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().message,
            "verdict.findings[2].queries: expected at most 64 queries, got 65");
}

TEST(JsonResultsTest, QueriesThatAreNotAnArrayAreRefused) {
  json written = ToResultsJson(testing::SampleDocumentWithQueries());
  written["verdict"]["findings"][2]["queries"] = "sum(x)";
  Result<ResultsDocument> read = ReadResults(written);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, "bad_results");
  EXPECT_NE(read.error().message.find("verdict.findings[2].queries: expected an array"),
            std::string::npos)
      << read.error().message;
}

}  // namespace
}  // namespace slogate::report
