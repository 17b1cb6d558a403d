// The lag probes' summary: counts, lag percentiles of the readable probes only, the JSON
// object (and back), and the console line.
#include "slogate/report/lag_probe_summary.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "slogate/report/console_reporter.h"
#include "slogate/report/json_results.h"

namespace slogate::report {
namespace {

using std::chrono::milliseconds;

scrape::LagProbe Probe(scrape::ProbeOutcome outcome, milliseconds absent_for,
                       milliseconds readable_after) {
  const scrape::WallTime acked = scrape::WallTime() + std::chrono::hours(1000);
  scrape::LagProbe probe;
  probe.event_id = "e";
  probe.acked_at = acked;
  probe.last_absent_at = acked + absent_for;
  probe.readable_at = acked + readable_after;
  probe.outcome = outcome;
  return probe;
}

// Three writes read back (100, 200, 400 ms), one never readable, one cut short.
scrape::LagProbeResult SampleResult() {
  scrape::LagProbeResult result;
  result.options.per_second = 4;
  result.options.poll_interval = milliseconds(100);
  for (int lag : {100, 200, 400}) {
    result.probes.push_back(
        Probe(scrape::ProbeOutcome::kReadable, milliseconds(lag - 50), milliseconds(lag)));
    result.readable_lag.Record(milliseconds(lag));
  }
  result.probes.push_back(Probe(scrape::ProbeOutcome::kNeverReadable, milliseconds(2500), {}));
  result.probes.push_back(Probe(scrape::ProbeOutcome::kUnfinished, milliseconds(900), {}));
  result.acks_offered = 600;
  result.requests = 1310;
  result.request_errors = 2;
  result.first_error = "GET http://gw/v1/admin/memory/e: HTTP status 503 (expected 200 or 404)";
  result.request_time = milliseconds(2100);
  result.active_time = milliseconds(15000);
  return result;
}

TEST(SummarizeLagProbesTest, CountsOutcomesAndTakesTheLagOfReadableProbesOnly) {
  const LagProbeSummary summary = SummarizeLagProbes(SampleResult());
  EXPECT_EQ(summary.probed, 5u);
  EXPECT_EQ(summary.readable, 3u);
  EXPECT_EQ(summary.never_readable, 1u);
  EXPECT_EQ(summary.unfinished, 1u);
  EXPECT_EQ(summary.errors, 0u);
  EXPECT_EQ(summary.acks_offered, 600u);
  ASSERT_TRUE(summary.lag_p50.has_value());
  EXPECT_NEAR(std::chrono::duration<double>(*summary.lag_p50).count(), 0.2, 0.002);
  EXPECT_NEAR(std::chrono::duration<double>(*summary.lag_max).count(), 0.4, 0.004);
  EXPECT_EQ(summary.unreadable_for_at_least, milliseconds(2500));
  EXPECT_EQ(summary.requests, 1310u);
  EXPECT_EQ(summary.request_time, milliseconds(2100));
}

TEST(SummarizeLagProbesTest, NoReadableProbeLeavesTheLagEmpty) {
  scrape::LagProbeResult result;
  result.probes.push_back(Probe(scrape::ProbeOutcome::kError, milliseconds(0), {}));
  const LagProbeSummary summary = SummarizeLagProbes(result);
  EXPECT_EQ(summary.errors, 1u);
  EXPECT_FALSE(summary.lag_p95.has_value());
  EXPECT_FALSE(summary.lag_max.has_value());
}

TEST(LagProbeLineTest, SaysWhatWasReadBackAndWhatItCost) {
  LagProbeSummary summary;
  summary.readable = 112;
  summary.lag_p95 = milliseconds(210);
  summary.lag_max = milliseconds(430);
  summary.requests = 1310;
  summary.request_time = milliseconds(2100);
  EXPECT_EQ(LagProbeLine(summary),
            "lag probes: 112 writes read back (p95 210 ms, max 430 ms), 1,310 extra GETs taking "
            "2.1 s in all");
}

TEST(LagProbeLineTest, NamesProbesNotReadBackAndFailedRequests) {
  const std::string line = LagProbeLine(SummarizeLagProbes(SampleResult()));
  EXPECT_NE(line.find(", 1 never readable, 1 not yet readable at the end, 1,310 extra GETs"),
            std::string::npos)
      << line;
  EXPECT_NE(line.find("in all, 2 of them failed"), std::string::npos) << line;
}

TEST(LagProbeSummaryJsonTest, RoundTripsInTheResultsFile) {
  ResultsDocument document;
  document.lag_probes = SummarizeLagProbes(SampleResult());
  const nlohmann::json written = ToResultsJson(document);
  EXPECT_EQ(written["lag_probes"]["readable"], 3);
  EXPECT_EQ(written["lag_probes"]["requests"], 1310);
  EXPECT_EQ(written["lag_probes"]["request_seconds"], 2.1);
  EXPECT_EQ(written["lag_probes"]["unreadable_for_at_least_seconds"], 2.5);
  Result<ResultsDocument> read = ReadResults(nlohmann::json::parse(written.dump()));
  ASSERT_TRUE(read.ok()) << read.error().message;
  ASSERT_TRUE(read->lag_probes.has_value());
  EXPECT_EQ(ToResultsJson(*read), written);
}

TEST(LagProbeSummaryJsonTest, NoProbesIsNullAndAMissingFieldIsNamed) {
  ResultsDocument document;
  nlohmann::json written = ToResultsJson(document);
  EXPECT_EQ(written["lag_probes"], nullptr);

  document.lag_probes = SummarizeLagProbes(SampleResult());
  written = ToResultsJson(document);
  written["lag_probes"].erase("requests");
  Result<ResultsDocument> read = ReadResults(written);
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, "bad_results");
  EXPECT_NE(read.error().message.find("lag_probes.requests"), std::string::npos)
      << read.error().message;
}

// A duration no clock holds, or a negative one, is not one the suite wrote: converting it would
// overflow, and a chart would place its level anywhere.
TEST(LagProbeSummaryJsonTest, ADurationNoClockHoldsIsRefusedAndNamed) {
  ResultsDocument document;
  document.lag_probes = SummarizeLagProbes(SampleResult());
  for (const double given : {-1.0, 1e300, 9.3e9}) {
    nlohmann::json written = ToResultsJson(document);
    written["lag_probes"]["lag_max_seconds"] = given;
    Result<ResultsDocument> read = ReadResults(written);
    ASSERT_FALSE(read.ok()) << given;
    EXPECT_NE(read.error().message.find("lag_probes.lag_max_seconds: expected a duration of 0 to "
                                        "9.2e9 seconds"),
              std::string::npos)
        << read.error().message;
  }
}

TEST(LagProbeConsoleTest, PrintsTheLineOnlyWhenProbesRan) {
  ResultsDocument document;
  document.run.emplace();
  std::ostringstream without;
  ASSERT_TRUE(ConsoleReporter(without, {}).Report(document).ok());
  EXPECT_EQ(without.str().find("lag probes:"), std::string::npos);

  document.lag_probes = SummarizeLagProbes(SampleResult());
  std::ostringstream with;
  ASSERT_TRUE(ConsoleReporter(with, {}).Report(document).ok());
  EXPECT_NE(with.str().find("\nlag probes: 3 writes read back"), std::string::npos) << with.str();
}

}  // namespace
}  // namespace slogate::report
