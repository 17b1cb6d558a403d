#include "slogate/report/console_reporter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include "sample_document.h"
#include "slogate/report/redact.h"

namespace slogate::report {
namespace {

std::string RenderConsole(const ResultsDocument& document, ConsoleOptions options = {}) {
  std::ostringstream out;
  ConsoleReporter reporter(out, options);
  EXPECT_TRUE(reporter.Report(document).ok());
  return out.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

const std::string* LineStartingWith(const std::vector<std::string>& lines,
                                    std::string_view prefix) {
  for (const std::string& line : lines) {
    if (line.rfind(prefix, 0) == 0) return &line;
  }
  return nullptr;
}

TEST(ConsoleReporterTest, PrintsOneRowPerFindingWithMeasuredAndThreshold) {
  const std::vector<std::string> lines = Lines(RenderConsole(testing::SampleDocument()));
  const std::string* error_rate = LineStartingWith(lines, "ErrorRate ");
  ASSERT_NE(error_rate, nullptr);
  EXPECT_NE(error_rate->find("FAIL"), std::string::npos);
  EXPECT_NE(error_rate->find("1%"), std::string::npos);
  EXPECT_NE(error_rate->find("0.5%"), std::string::npos);
  const std::string* latency = LineStartingWith(lines, "LatencyP95 ");
  ASSERT_NE(latency, nullptr);
  EXPECT_NE(latency->find("47 ms"), std::string::npos);
  EXPECT_NE(latency->find("150 ms"), std::string::npos);
  const std::string* skipped = LineStartingWith(lines, "Reconciliation ");
  ASSERT_NE(skipped, nullptr);
  EXPECT_NE(skipped->find("SKIPPED"), std::string::npos);
}

TEST(ConsoleReporterTest, ColumnsAreFixedWidth) {
  const ResultsDocument document = testing::SampleDocument();
  const std::vector<std::string> lines = Lines(RenderConsole(document));
  const std::string* header = LineStartingWith(lines, "SLO ");
  ASSERT_NE(header, nullptr);
  const size_t outcome_column = header->find("OUTCOME");
  const size_t message_column = header->find("MESSAGE");
  for (const slo::Finding& finding : document.verdict.findings) {
    const std::string* row = LineStartingWith(lines, finding.slo + " ");
    ASSERT_NE(row, nullptr) << finding.slo;
    EXPECT_NE((*row)[outcome_column], ' ') << *row;
    EXPECT_EQ((*row)[outcome_column - 1], ' ') << *row;
    // The message column starts where the header says, with what the columns do not show.
    EXPECT_EQ(row->substr(message_column), RedactText(slo::MessageBody(finding))) << *row;
    EXPECT_EQ(row->find("(profile "), std::string::npos) << *row;
  }
}

TEST(ConsoleReporterTest, ThresholdsOverriddenForTheRunAreSaidUnderTheHeader) {
  ResultsDocument document = testing::SampleDocument();
  EXPECT_EQ(RenderConsole(document).find("thresholds overridden"), std::string::npos);
  document.config["overrides"]["thresholds"] = {{"latency_p95", "200ms"},
                                                {"max_error_rate", "0.01"}};
  const std::vector<std::string> lines = Lines(RenderConsole(document));
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[1],
            "thresholds overridden for this run (SLO_THRESHOLDS / --threshold): "
            "latency_p95=200ms, max_error_rate=0.01");
}

TEST(ConsoleReporterTest, SummarisesTheRunAndTheOverallVerdict) {
  const std::string text = RenderConsole(testing::SampleDocument());
  EXPECT_NE(text.find("200 sent of 200 scheduled"), std::string::npos) << text;
  EXPECT_NE(text.find("19.9/s achieved of 20/s"), std::string::npos) << text;
  EXPECT_NE(text.find("verdict: FAIL (1 pass, 1 fail, 1 inconclusive, 1 skipped)"),
            std::string::npos)
      << text;
}

TEST(ConsoleReporterTest, NamesTheFailingStatusesAndTheUnauditableWrites) {
  const std::vector<std::string> lines = Lines(RenderConsole(testing::SampleDocument()));
  const std::string* errors = LineStartingWith(lines, "errors: ");
  ASSERT_NE(errors, nullptr);
  EXPECT_EQ(*errors, "errors: HTTP 502 × 2");
  const std::string* acknowledged = LineStartingWith(lines, "acknowledged ");
  ASSERT_NE(acknowledged, nullptr);
  EXPECT_EQ(*acknowledged, "acknowledged 198: 2 with distinct event_ids, 190 without, 6 repeated");
  const std::string* split = LineStartingWith(lines, "p95 of ");
  ASSERT_NE(split, nullptr);
  EXPECT_EQ(*split, "p95 of 198 OK responses 48.01 ms, of 2 failed requests 2 ms");
}

TEST(ConsoleReporterTest, AHealthyRunHasNoErrorsLine) {
  ResultsDocument document = testing::SampleDocument();
  document.run->errors = 0;
  document.run->errors_by_category.clear();
  document.run->error_status_counts.clear();
  const std::vector<std::string> lines = Lines(RenderConsole(document));
  EXPECT_EQ(LineStartingWith(lines, "errors: "), nullptr);
  EXPECT_NE(LineStartingWith(lines, "acknowledged 198: "), nullptr);
}

TEST(ConsoleReporterTest, ShowsEachBoundWithItsSampleUnderTheConfidenceLevel) {
  const std::vector<std::string> lines = Lines(RenderConsole(testing::SampleDocument()));
  const std::string* header = LineStartingWith(lines, "SLO ");
  ASSERT_NE(header, nullptr);
  const size_t bound_column = header->find("BOUND (95%)");
  ASSERT_NE(bound_column, std::string::npos) << *header;
  const std::string* error_rate = LineStartingWith(lines, "ErrorRate ");
  ASSERT_NE(error_rate, nullptr);
  EXPECT_EQ(error_rate->substr(bound_column, 17), "< 3.56% (n=200)  ") << *error_rate;
  const std::string* latency = LineStartingWith(lines, "LatencyP95 ");
  ASSERT_NE(latency, nullptr);
  EXPECT_EQ(latency->substr(bound_column, 17), "< 49 ms (n=198)  ") << *latency;
  // A finding judged on neither a rate nor a percentile has no bound.
  const std::string* skipped = LineStartingWith(lines, "Reconciliation ");
  ASSERT_NE(skipped, nullptr);
  EXPECT_EQ((*skipped)[bound_column], ' ') << *skipped;
}

TEST(ConsoleReporterTest, SaysHowCorrelationAndIndependenceShapedTheBounds) {
  const std::vector<std::string> lines = Lines(RenderConsole(testing::SampleDocument()));
  EXPECT_NE(LineStartingWith(lines,
                             "ErrorRate: requests correlated in time (design effect 1.9): "
                             "the bound counts 200 as 105 independent"),
            nullptr);
  EXPECT_NE(LineStartingWith(lines,
                             "LatencyP95: bound assumes independent requests (correlation "
                             "in time not measured)"),
            nullptr);
}

TEST(ConsoleReporterTest, ALowerBoundOfAnOkSharePointsTheOtherWay) {
  ResultsDocument document = testing::SampleDocument();
  slo::Finding& share = document.verdict.findings[0];
  share.slo = "WriteThroughResultsOk";
  share.measured = 0.999;
  share.threshold = 0.99;
  share.evidence->bound = 0.9952;
  const std::vector<std::string> lines = Lines(RenderConsole(document));
  const std::string* row = LineStartingWith(lines, "WriteThroughResultsOk ");
  ASSERT_NE(row, nullptr);
  EXPECT_NE(row->find("> 99.5% (n=200)"), std::string::npos) << *row;
}

TEST(ConsoleReporterTest, ABoundJustPastTheThresholdIsNotPrintedAsTheThreshold) {
  ResultsDocument document = testing::SampleDocument();
  slo::Finding& share = document.verdict.findings[0];
  share.slo = "WriteThroughResultsOk";
  share.measured = 1.0;
  share.threshold = 0.995;
  share.evidence->bound = 0.995021;
  const std::vector<std::string> lines = Lines(RenderConsole(document));
  const std::string* row = LineStartingWith(lines, "WriteThroughResultsOk ");
  ASSERT_NE(row, nullptr);
  EXPECT_NE(row->find("> 99.5021% (n=200)"), std::string::npos) << *row;
}

TEST(ConsoleReporterTest, NamesEachLevelWhenTheFindingsDiffer) {
  ResultsDocument document = testing::SampleDocument();
  document.verdict.findings[1].evidence->confidence = 0.99;
  const std::vector<std::string> lines = Lines(RenderConsole(document));
  const std::string* header = LineStartingWith(lines, "SLO ");
  ASSERT_NE(header, nullptr);
  EXPECT_EQ(header->find("BOUND ("), std::string::npos) << *header;
  const std::string* latency = LineStartingWith(lines, "LatencyP95 ");
  ASSERT_NE(latency, nullptr);
  EXPECT_NE(latency->find("< 49 ms (n=198, 99%)"), std::string::npos) << *latency;
}

// The sample document with every finding a PASS, LatencyP95's on a point estimate.
ResultsDocument PassOnAPointEstimate() {
  ResultsDocument document = testing::SampleDocument();
  for (slo::Finding& finding : document.verdict.findings) finding.outcome = slo::Outcome::kPass;
  document.verdict.overall = slo::Outcome::kPass;
  testing::MakeLatencyAPointEstimate(document);
  return document;
}

TEST(ConsoleReporterTest, MarksAPassOnAPointEstimateAndSaysWhatWouldProveIt) {
  const std::vector<std::string> lines = Lines(RenderConsole(PassOnAPointEstimate()));
  const std::string* latency = LineStartingWith(lines, "LatencyP95 ");
  ASSERT_NE(latency, nullptr);
  EXPECT_NE(latency->find(" PASS* "), std::string::npos) << *latency;
  EXPECT_NE(latency->find("- (n=198)"), std::string::npos) << *latency;
  const std::string* error_rate = LineStartingWith(lines, "ErrorRate ");
  ASSERT_NE(error_rate, nullptr);
  EXPECT_EQ(error_rate->find("PASS*"), std::string::npos) << *error_rate;  // proven
  const std::string* footnote = LineStartingWith(lines, "* ");
  ASSERT_NE(footnote, nullptr);
  EXPECT_EQ(*footnote,
            "* LatencyP95: point estimate, not proof: profile burst has confidence none; 59 OK "
            "responses with none at or above 150 ms would show p95 < 150 ms");
  const std::string* verdict = LineStartingWith(lines, "verdict: ");
  ASSERT_NE(verdict, nullptr);
  EXPECT_EQ(*verdict,
            "verdict: PASS* (4 pass, 0 fail, 0 inconclusive, 0 skipped); * point estimates, not "
            "proof");
}

TEST(ConsoleReporterTest, AProvenPassIsNotMarked) {
  ResultsDocument document = PassOnAPointEstimate();
  document.verdict.findings[1].evidence->confidence = 0.95;
  const std::string text = RenderConsole(document);
  EXPECT_EQ(text.find('*'), std::string::npos) << text;
  EXPECT_NE(text.find("verdict: PASS (4 pass"), std::string::npos) << text;
}

TEST(ConsoleReporterTest, PrintsAnEarlyStopRightAboveTheVerdict) {
  ResultsDocument document = testing::SampleDocument();
  document.verdict.early_stop =
      slo::EarlyStop{std::chrono::seconds(43), "ErrorRate",
                     "errors so far (12) already exceed what the whole run of 600 may have (2)"};
  const std::vector<std::string> lines = Lines(RenderConsole(document));
  const auto verdict = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
    return line.rfind("verdict: ", 0) == 0;
  });
  ASSERT_NE(verdict, lines.end());
  ASSERT_NE(verdict, lines.begin());
  EXPECT_EQ(*(verdict - 1), slo::EarlyStopText(*document.verdict.early_stop));
  EXPECT_EQ((verdict - 1)->rfind("aborted at +43 s: ErrorRate: errors so far (12)", 0), 0u)
      << *(verdict - 1);
}

TEST(ConsoleReporterTest, LabelsTheTableWhenAFilterSelectedSomeOfItsSlos) {
  ResultsDocument document = testing::SampleDocument();
  document.selection = Selection{"*LatencyP95*", {"LatencyP95"}};
  const std::vector<std::string> lines = Lines(RenderConsole(document));
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines.back(),
            "selected by --gtest_filter: LatencyP95 (1 of 4 SLO cases); the table and the results "
            "file show every SLO of the run, the exit status follows only the selected ones "
            "(--gtest_filter=*LatencyP95*)");
  EXPECT_EQ(RenderConsole(testing::SampleDocument()).find("--gtest_filter"), std::string::npos);
}

TEST(ConsoleReporterTest, NoEscapeCodesWithoutColor) {
  EXPECT_EQ(RenderConsole(testing::SampleDocument()).find('\033'), std::string::npos);
}

TEST(ConsoleReporterTest, ColorsOutcomesWhenAsked) {
  const std::string text = RenderConsole(testing::SampleDocument(), ConsoleOptions{.color = true});
  EXPECT_NE(text.find("\033[31mFAIL"), std::string::npos);
  EXPECT_NE(text.find("\033[32mPASS"), std::string::npos);
}

TEST(ConsoleReporterTest, NeutralisesControlCharactersFromTheDocument) {
  ResultsDocument document = testing::SampleDocument();
  document.context.profile = "burst\033[2J";
  document.verdict.findings[0].message = "line one\nline two";
  const std::string text = RenderConsole(document);
  EXPECT_EQ(text.find('\033'), std::string::npos);
  EXPECT_NE(text.find("profile burst?[2J"), std::string::npos) << text;
  EXPECT_NE(text.find("line one?line two"), std::string::npos) << text;
}

TEST(ConsoleReporterTest, ShowsARunErrorAndNoFigures) {
  ResultsDocument document;
  document.error = "target unreachable: connection refused";
  const std::string text = RenderConsole(document);
  EXPECT_NE(text.find("run error: target unreachable"), std::string::npos);
  EXPECT_EQ(text.find("load:"), std::string::npos);
  EXPECT_NE(text.find("verdict: PASS (0 pass"), std::string::npos);
}

TEST(ConsoleReporterTest, ReportsAFailedStream) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  ConsoleReporter reporter(out);
  const Status status = reporter.Report(testing::SampleDocument());
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "write_failed");
}

TEST(ConsoleReporterTest, ListsTheQueriesUnderTheFindingsThatDidNotPass) {
  const std::vector<std::string> lines = Lines(RenderConsole(testing::SampleDocumentWithQueries()));
  std::vector<std::string> queries;
  for (const std::string& line : lines) {
    if (line.rfind("    query: ", 0) == 0) queries.push_back(line);
  }
  // ReplicationLag (INCONCLUSIVE) shows its two; LatencyP95 (PASS) none.
  ASSERT_EQ(queries.size(), 2u);
  EXPECT_EQ(queries[0], R"(    query: max(memory_replicator_lag_seconds{job="gw<1>&"}))"
                        "  (range 2026-09-21T14:13:20.000Z to 2026-09-21T14:13:34.500Z, step 1s)");
  const auto lag = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
    return line.rfind("ReplicationLag ", 0) == 0;
  });
  ASSERT_NE(lag, lines.end());
  EXPECT_EQ(*(lag + 1), queries[0]);
  EXPECT_EQ(Lines(RenderConsole(testing::SampleDocument())).size(), lines.size() - queries.size());
}

}  // namespace
}  // namespace slogate::report
