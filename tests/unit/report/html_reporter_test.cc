#include "slogate/report/html_reporter.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "sample_document.h"
#include "tag_balance.h"

namespace slogate::report {
namespace {

std::string RenderHtml(const ResultsDocument& document) {
  std::ostringstream out;
  HtmlReporter reporter(out);
  EXPECT_TRUE(reporter.Report(document).ok());
  return out.str();
}

size_t Count(const std::string& text, std::string_view needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

TEST(HtmlReporterTest, IsOneWellFormedSelfContainedPage) {
  const std::string html = RenderHtml(testing::SampleDocument());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(testing::CheckTagBalance(html), "");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src=\""), std::string::npos);  // no external resources
  EXPECT_EQ(html.find("href=\""), std::string::npos);
}

TEST(HtmlReporterTest, ThresholdsOverriddenForTheRunAreABanner) {
  ResultsDocument document = testing::SampleDocument();
  document.config["overrides"]["thresholds"] = {{"latency_p95", "200ms"}};
  EXPECT_NE(
      RenderHtml(document).find("<div class=\"selection\">thresholds overridden for this "
                                "run (SLO_THRESHOLDS / --threshold): latency_p95=200ms</div>"),
      std::string::npos);
}

TEST(HtmlReporterTest, HasFiveChartsWithTheirData) {
  const std::string html = RenderHtml(testing::SampleDocument());
  EXPECT_EQ(Count(html, "<svg xmlns=\"http://www.w3.org/2000/svg\""), 5u);
  EXPECT_NE(html.find("Throughput per second"), std::string::npos);
  EXPECT_NE(html.find("Latency per second"), std::string::npos);
  EXPECT_NE(html.find("Latency by percentile"), std::string::npos);
  EXPECT_NE(html.find("Replication lag"), std::string::npos);
  EXPECT_NE(html.find("DLQ depth"), std::string::npos);
  // The lag chart takes its threshold from the ReplicationLag finding; every chart over time
  // shades the burst, and the lag chart marks where the gauge read over the threshold.
  EXPECT_NE(html.find("threshold 2 s"), std::string::npos);
  EXPECT_EQ(Count(html, "<title>burst window</title>"), 4u);
  EXPECT_EQ(Count(html, "<title>lag gauge over the threshold</title>"), 1u);
  EXPECT_NE(html.find("p95 threshold 150 ms"), std::string::npos);
  EXPECT_NE(html.find("target 20/s"), std::string::npos);
  EXPECT_NE(html.find("<title>corrected latency p99.9: "), std::string::npos);
  EXPECT_NE(html.find(">99.99%</text>"), std::string::npos);
}

TEST(HtmlReporterTest, ProbedEndToEndLagIsADottedLevelOnTheLagChart) {
  ResultsDocument document = testing::SampleDocument();
  LagProbeSummary probes;
  probes.lag_max = std::chrono::milliseconds(1500);
  document.lag_probes = probes;
  const std::string html = RenderHtml(document);
  EXPECT_NE(html.find("<line class=\"reference\""), std::string::npos);
  EXPECT_NE(html.find(">end-to-end max (probes) 1.5 s</text>"), std::string::npos);
}

TEST(HtmlReporterTest, ShadesTheRecoveryWindowFromTheConfig) {
  ResultsDocument document = testing::SampleDocument();
  document.config["thresholds"] = {{"lag_recovery_window", 2.5}};
  const std::string html = RenderHtml(document);
  // The burst and its recovery on the 4 charts over time, and the lag over its threshold.
  EXPECT_EQ(Count(html, "<rect class=\"band\""), 9u);
  EXPECT_NE(html.find("<title>recovery window</title>"), std::string::npos);
}

// A last second that sending did not fill (or only the drain's completions) is left out: drawn,
// it shows a collapse of throughput that did not happen.
TEST(HtmlReporterTest, APartialLastSecondIsNotDrawn) {
  ResultsDocument document = testing::SampleDocument();
  stats::WindowSummary tail = document.run->per_second.back();
  tail.second = 10;  // [10 s, 11 s) of a 10 s run
  tail.count = 3;
  document.run->per_second.push_back(tail);
  const std::string html = RenderHtml(document);
  EXPECT_NE(html.find("<title>completed at +9 s: 20 requests / s</title>"), std::string::npos);
  EXPECT_EQ(html.find("<title>completed at +10 s:"), std::string::npos);
  EXPECT_EQ(html.find("<title>p95 at +10 s:"), std::string::npos);
}

TEST(HtmlReporterTest, P99IsDashedSoThatItCannotHideP95) {
  const std::string html = RenderHtml(testing::SampleDocument());
  EXPECT_NE(html.find("stroke=\"#9333ea\" stroke-dasharray=\"6 3\"><title>p99</title>"),
            std::string::npos);
}

TEST(HtmlReporterTest, HasTheVerdictTableAndFigures) {
  const std::string html = RenderHtml(testing::SampleDocument());
  EXPECT_NE(html.find("<span class=\"pill FAIL big\">FAIL</span>"), std::string::npos);
  EXPECT_EQ(Count(html, "<span class=\"pill "), 5u);  // overall + 4 findings
  EXPECT_NE(html.find("<td class=\"num\">47 ms</td><td class=\"num\">150 ms</td>"),
            std::string::npos);
  EXPECT_NE(html.find("200 / 200"), std::string::npos);
  EXPECT_NE(html.find("connection refused"), std::string::npos);  // failed scrape shown
  // The message column does not repeat the SLO, the outcome and the profile beside it.
  EXPECT_NE(html.find("<td>1% &gt;= 0.5% threshold</td>"), std::string::npos);
  EXPECT_EQ(html.find("ErrorRate FAIL (profile burst"), std::string::npos);
}

TEST(HtmlReporterTest, ShowsTheCausesAndTheLatencySplit) {
  const std::string html = RenderHtml(testing::SampleDocument());
  EXPECT_NE(html.find("<p class=\"causes\">errors: HTTP 502 × 2</p>"), std::string::npos);
  EXPECT_NE(html.find("<p class=\"causes\">acknowledged 198: 2 with distinct event_ids, "
                      "190 without, 6 repeated</p>"),
            std::string::npos);
  EXPECT_NE(html.find("p95 of OK responses</div><div class=\"value\">48.01 ms"), std::string::npos);
  EXPECT_NE(html.find("p95 of failed requests</div><div class=\"value\">2 ms"), std::string::npos);
}

TEST(HtmlReporterTest, ShowsWhatTheLagProbesFoundAndCost) {
  ResultsDocument document = testing::SampleDocument();
  EXPECT_EQ(RenderHtml(document).find("lag probes:"), std::string::npos);
  LagProbeSummary probes;
  probes.probed = 12;
  probes.readable = 12;
  probes.lag_p95 = std::chrono::milliseconds(14);
  probes.lag_max = std::chrono::milliseconds(16);
  probes.requests = 25;
  probes.request_time = std::chrono::milliseconds(9);
  document.lag_probes = probes;
  const std::string html = RenderHtml(document);
  const size_t line = html.find("<p class=\"causes\">lag probes: 12 writes read back");
  ASSERT_NE(line, std::string::npos) << html;
  EXPECT_NE(html.find("25 extra GETs", line), std::string::npos);
}

TEST(HtmlReporterTest, ShowsEachBoundWithItsSampleAndConfidence) {
  const std::string html = RenderHtml(testing::SampleDocument());
  EXPECT_NE(html.find("<th>Bound</th><th>Sample</th><th>Confidence</th>"), std::string::npos);
  // The error rate's sample counts as fewer requests for the errors' clustering in time.
  EXPECT_NE(html.find("<td class=\"num\">&lt; 3.56%</td><td class=\"num\">n=200, eff. 105</td>"
                      "<td class=\"num\">95%</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">&lt; 49 ms</td><td class=\"num\">n=198</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<p class=\"note\">ErrorRate: requests correlated in time (design effect "
                      "1.9): the bound counts 200 as 105 independent</p>"),
            std::string::npos);
  EXPECT_EQ(html.find("class=\"mark\""), std::string::npos);
}

TEST(HtmlReporterTest, MarksAPassOnAPointEstimate) {
  ResultsDocument document = testing::SampleDocument();
  testing::MakeLatencyAPointEstimate(document);
  const std::string html = RenderHtml(document);
  EXPECT_NE(html.find("<span class=\"pill PASS\">PASS</span><span class=\"mark\" "
                      "title=\"point estimate, not proof\">*</span>"),
            std::string::npos);
  EXPECT_NE(html.find("<td class=\"num\">-</td><td class=\"num\">n=198</td><td "
                      "class=\"num\">none (point estimate)</td>"),
            std::string::npos);
  EXPECT_NE(html.find("<p class=\"note\">* LatencyP95: point estimate, not proof: profile burst "
                      "has confidence none; 59 OK responses with none at or above 150 ms would "
                      "show p95 &lt; 150 ms</p>"),
            std::string::npos);
  EXPECT_EQ(testing::CheckTagBalance(html), "");
}

TEST(HtmlReporterTest, ShowsAnEarlyStopAndASelectionUnderTheHeader) {
  ResultsDocument document = testing::SampleDocument();
  EXPECT_EQ(RenderHtml(document).find("class=\"abort\""), std::string::npos);
  document.verdict.early_stop =
      slo::EarlyStop{std::chrono::seconds(43), "ErrorRate", "errors so far (12) exceed 2"};
  document.selection = Selection{"*LatencyP95*", {"LatencyP95"}};
  const std::string html = RenderHtml(document);
  const size_t header_end = html.find("</header>");
  const size_t banner = html.find("<div class=\"abort\">" +
                                  slo::EarlyStopText(*document.verdict.early_stop) + "</div>");
  ASSERT_NE(banner, std::string::npos) << html;
  EXPECT_LT(header_end, banner);
  EXPECT_LT(banner, html.find("<h2>Verdict</h2>"));
  EXPECT_NE(html.find("<div class=\"selection\">selected by --gtest_filter: LatencyP95 (1 of 4 SLO "
                      "cases)"),
            std::string::npos);
  EXPECT_EQ(testing::CheckTagBalance(html), "");
}

TEST(HtmlReporterTest, EscapesAHostileEndpointName) {
  ResultsDocument document = testing::SampleDocument();
  const std::string hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>";
  document.context.target = "http://h/" + hostile;
  document.context.profile = hostile;
  document.scrapes[0].endpoints[0].url = hostile;
  document.verdict.findings[0].slo = hostile;
  document.verdict.findings[0].message = hostile;
  document.verdict.early_stop = slo::EarlyStop{std::chrono::seconds(1), hostile, hostile};
  document.selection = Selection{hostile, {hostile}};
  document.series[0].selector = "memory_replicator_lag_seconds" + hostile;
  document.config["endpoints"] = {{{"name", hostile}, {"path", "/v1/" + hostile}}};
  const std::string html = RenderHtml(document);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(testing::CheckTagBalance(html), "");
}

ResultsDocument WithConfiguration() {
  ResultsDocument document = testing::SampleDocument();
  document.config["target"]["url"] = "http://127.0.0.1:8010";
  document.config["target"]["bundled_reference_gateway"] = true;
  document.config["health_url"] = "http://127.0.0.1:8010/v1/health";
  document.config["profiles"] = {
      {{"name", "smoke"}, {"schedule", "constant"}, {"rps", 5}, {"duration", 30}},
      {{"name", "burst"},
       {"schedule", "burst"},
       {"rps", 5},
       {"duration", 60},
       {"concurrency", 64},
       {"bursts", {{{"start", 10}, {"length", 5}, {"rps", 100}}}},
       {"rules",
        {{"confidence", 0.95},
         {"windowed", {{"window", 10}, {"sustained", 3}}},
         {"abort_on_breach", false}}},
       {"metric_checks",
        {{{"name", "Share5xx"},
          {"kind", "ratio"},
          {"of", "http_total{code=~\"5..\"}"},
          {"over", "http_total"},
          {"must_be", "< 0.1%"},
          {"optional", false}},
         {{"name", "Depth"},
          {"kind", "gauge"},
          {"of", "queue_depth"},
          {"must_be", "<= 5"},
          {"optional", true}}}}}};
  document.config["thresholds"] = {{"latency_p95", 0.15}, {"max_error_rate", 0.005},
                                   {"lag_probe_interval", 0.00025}};
  document.config["overrides"] = {{"duration", 60}, {"thresholds", {{"latency_p95", "150ms"}}}};
  return document;
}

TEST(HtmlReporterTest, TheConfigurationIsTheRunsOwnCollapsedWithUnits) {
  const std::string html = RenderHtml(WithConfiguration());
  const size_t block = html.find("<details class=\"config\"><summary>Configuration: profile burst");
  ASSERT_NE(block, std::string::npos) << html;
  const std::string config = html.substr(block, html.find("</details>", block) - block);
  // The run's profile, not the file's others; durations in units; the metrics the scrapes read.
  EXPECT_NE(config.find("<th>profile burst</th><td>burst: 5/s for 60 s, burst 100/s at 10 s for "
                        "5 s; concurrency 64</td>"),
            std::string::npos)
      << config;
  EXPECT_EQ(config.find("smoke"), std::string::npos);
  EXPECT_NE(config.find("abort_on_breach off, confidence 0.95, windowed sustained 3 s window 10 s"),
            std::string::npos)
      << config;
  EXPECT_NE(
      config.find("<th>metric checks</th><td>Share5xx: ratio http_total{code=~&quot;5..&quot;} "
                  "over http_total must be &lt; 0.1%; Depth: gauge queue_depth must be &lt;= 5 "
                  "(optional)</td>"),
      std::string::npos)
      << config;
  EXPECT_NE(config.find("lag_probe_interval 250 µs, latency_p95 150 ms, max_error_rate 0.005"),
            std::string::npos);
  EXPECT_NE(config.find("<th>overrides</th><td>duration 60 s, thresholds latency_p95=150ms</td>"),
            std::string::npos);
  EXPECT_NE(config.find("<th>metrics</th><td>http://127.0.0.1:9400/metrics, "
                        "http://127.0.0.1:9412/metrics</td>"),
            std::string::npos);
  EXPECT_NE(config.find("<th>health</th><td>http://127.0.0.1:8010/v1/health</td>"),
            std::string::npos);
  // No raw JSON dump any more, and the planted JWT nowhere.
  EXPECT_EQ(html.find("<pre>{"), std::string::npos);
  EXPECT_EQ(html.find(testing::kPlantedJwt), std::string::npos);
  EXPECT_EQ(testing::CheckTagBalance(html), "");
}

TEST(HtmlReporterTest, AConfigurationOfTheWrongShapeStillRenders) {
  ResultsDocument document = testing::SampleDocument();
  document.config = {{"profiles", "not a list"}, {"thresholds", {{"max_lag", "two"}}},
                     {"overrides", 7}, {"checks", nullptr}};
  const std::string html = RenderHtml(document);
  EXPECT_NE(html.find("<th>thresholds</th><td>max_lag two</td>"), std::string::npos);
  EXPECT_EQ(testing::CheckTagBalance(html), "");
}

TEST(HtmlReporterTest, RendersARunThatNeverStarted) {
  ResultsDocument document;
  document.error = "target unreachable";
  const std::string html = RenderHtml(document);
  EXPECT_NE(html.find("Run error: target unreachable"), std::string::npos);
  EXPECT_NE(html.find("No SLO was evaluated."), std::string::npos);
  EXPECT_EQ(Count(html, "no data was sampled"), 5u);
  EXPECT_EQ(testing::CheckTagBalance(html), "");
}

TEST(HtmlReporterTest, CollapsesEachFindingsQueriesWithTheirRangeAndEscapedPromql) {
  EXPECT_EQ(RenderHtml(testing::SampleDocument()).find("class=\"queries\""), std::string::npos);
  const std::string html = RenderHtml(testing::SampleDocumentWithQueries());
  EXPECT_EQ(Count(html, "<details class=\"queries\">"), 2u);
  EXPECT_NE(html.find("<summary>queries (2)</summary><ul><li>range 2026-09-21T14:13:20.000Z to "
                      "2026-09-21T14:13:34.500Z, step 1s<pre><code>"
                      "max(memory_replicator_lag_seconds{job=&quot;gw&lt;1&gt;&amp;&quot;})"
                      "</code></pre></li>"),
            std::string::npos);
  EXPECT_NE(html.find("<li>instant at 2026-09-21T14:13:34.500Z over samples from "
                      "2026-09-21T14:13:18.500Z<pre><code>"),
            std::string::npos);
  EXPECT_EQ(html.find("gw<1>"), std::string::npos);
}

}  // namespace
}  // namespace slogate::report
