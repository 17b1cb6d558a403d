#include "slogate/report/console_reporter.h"

#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sample_document.h"

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

const std::string* LineStartingWith(const std::vector<std::string>& lines, std::string_view prefix) {
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
  const std::vector<std::string> lines = Lines(RenderConsole(testing::SampleDocument()));
  const std::string* header = LineStartingWith(lines, "SLO ");
  ASSERT_NE(header, nullptr);
  const size_t outcome_column = header->find("OUTCOME");
  const size_t message_column = header->find("MESSAGE");
  for (std::string_view slo : {"ErrorRate ", "LatencyP95 ", "ReplicationLag ", "Reconciliation "}) {
    const std::string* row = LineStartingWith(lines, slo);
    ASSERT_NE(row, nullptr) << slo;
    EXPECT_NE((*row)[outcome_column], ' ') << *row;
    EXPECT_EQ((*row)[outcome_column - 1], ' ') << *row;
    EXPECT_EQ(row->substr(message_column, slo.size() - 1), slo.substr(0, slo.size() - 1)) << *row;
  }
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

}  // namespace
}  // namespace slogate::report
