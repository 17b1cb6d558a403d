#include "slogate/report/html_reporter.h"

#include <sstream>
#include <string>

#include "evidence_text.h"
#include "format.h"
#include "html_charts.h"
#include "html_config.h"
#include "html_escape.h"
#include "html_style.h"
#include "slogate/report/lag_probe_summary.h"
#include "slogate/report/redact.h"
#include "slogate/report/run_lines.h"
#include "svg_chart.h"

namespace slogate::report {
namespace {

constexpr int kChartWidth = 560;
constexpr int kChartHeight = 260;

std::string Pill(slo::Outcome outcome, bool big = false) {
  const std::string name(OutcomeText(outcome));
  return "<span class=\"pill " + name + (big ? " big" : "") + "\">" + name + "</span>";
}

void WriteHtmlHeader(std::ostream& out, const ResultsDocument& document) {
  const Context& context = document.context;
  out << "<header><div><h1>SLO conformance report</h1><div class=\"meta\">"
      << "<span>target <b>" << RedactedHtml(context.target) << "</b></span>"
      << "<span>profile <b>" << RedactedHtml(context.profile) << "</b></span>"
      << "<span>environment <b>" << RedactedHtml(context.environment) << "</b></span>"
      << "<span>" << FormatUtc(context.generated_at) << "</span>"
      << "<span>host " << RedactedHtml(context.host) << "</span>"
      << "<span>slogate " << RedactedHtml(context.slogate_version) << "</span>"
      << "</div></div>" << Pill(document.verdict.overall, true) << "</header>\n";
  if (!document.error.empty()) {
    out << "<div class=\"error\">Run error: " << RedactedHtml(document.error) << "</div>\n";
  }
}

void WriteFigure(std::ostream& out, std::string_view label, const std::string& value) {
  out << "<div class=\"figure\"><div class=\"label\">" << HtmlEscape(label)
      << "</div><div class=\"value\">" << HtmlEscape(value) << "</div></div>\n";
}

void WriteFigures(std::ostream& out, const load::RunResult& run) {
  out << "<section class=\"figures\">\n";
  WriteFigure(out, "sent / scheduled",
              std::to_string(run.sent) + " / " + std::to_string(run.scheduled));
  WriteFigure(
      out, "achieved rate",
      FormatSignificant(run.achieved_rps) + " of " + FormatSignificant(run.target_rps) + "/s");
  WriteFigure(out, "error rate", FormatMeasured(run.ErrorRate(), "ratio"));
  WriteFigure(out, "dropped", std::to_string(run.dropped));
  WriteFigure(out, "p50", FormatLatency(run.latency.Percentile(0.50)));
  WriteFigure(out, "p95", FormatLatency(run.latency.Percentile(0.95)));
  WriteFigure(out, "p99", FormatLatency(run.latency.Percentile(0.99)));
  WriteFigure(out, "p95 of OK responses", FormatPercentile(run.ok_latency, 0.95));
  WriteFigure(out, "p95 of failed requests", FormatPercentile(run.failed_latency, 0.95));
  WriteFigure(out, "send lateness p99", FormatLatency(run.send_lateness.Percentile(0.99)));
  out << "</section>\n";
  // Why requests failed and what of the acknowledged writes can be audited.
  for (const std::string& line : {ErrorCausesLine(run), AcknowledgedLine(run)}) {
    if (!line.empty()) out << "<p class=\"causes\">" << RedactedHtml(line) << "</p>\n";
  }
}

// The evidence cells of a finding: bound, sample size, confidence; empty for the SLOs that
// are not judged on a rate or a percentile.
std::string EvidenceCells(const slo::Finding& finding) {
  if (!finding.evidence) return "<td></td><td></td><td></td>";
  const slo::Evidence& evidence = *finding.evidence;
  return "<td class=\"num\">" + HtmlEscape(BoundText(finding)) + "</td><td class=\"num\">" +
         HtmlEscape(SampleSizeText(evidence)) + "</td><td class=\"num\">" +
         HtmlEscape(evidence.point_estimate() ? "none (point estimate)"
                                              : ConfidenceText(evidence.confidence)) +
         "</td>";
}

// A Prometheus-sourced finding's queries, collapsed under its message: where each looked and
// the PromQL to paste into Prometheus.
std::string QueriesBlock(const slo::Finding& finding) {
  if (finding.queries.empty()) return "";
  std::string block = "<details class=\"queries\"><summary>queries (" +
                      std::to_string(finding.queries.size()) + ")</summary><ul>";
  for (const slo::SourceQuery& query : finding.queries) {
    block += "<li>" + RedactedHtml(QueryRangeText(query)) + "<pre><code>" + RedactedHtml(query.promql) +
             "</code></pre></li>";
  }
  return block + "</ul></details>";
}

void WriteVerdictTable(std::ostream& out, const slo::Verdict& verdict) {
  out << "<h2>Verdict</h2>\n<table class=\"verdict\"><thead><tr><th>SLO</th><th>Outcome</th>"
         "<th>Measured</th><th>Threshold</th><th>Bound</th><th>Sample</th><th>Confidence</th>"
         "<th>Message</th></tr></thead><tbody>\n";
  for (const slo::Finding& finding : verdict.findings) {
    const std::string mark =
        IsPointEstimatePass(finding)
            ? "<span class=\"mark\" title=\"point estimate, not proof\">*</span>"
            : "";
    out << "<tr><td>" << RedactedHtml(finding.slo) << "</td><td>" << Pill(finding.outcome) << mark
        << "</td><td class=\"num\">" << HtmlEscape(FormatMeasured(finding.measured, finding.unit))
        << "</td><td class=\"num\">" << HtmlEscape(FormatMeasured(finding.threshold, finding.unit))
        << "</td>" << EvidenceCells(finding) << "<td>" << RedactedHtml(slo::MessageBody(finding))
        << QueriesBlock(finding) << "</td></tr>\n";
  }
  if (verdict.findings.empty()) {
    out << "<tr><td colspan=\"8\">No SLO was evaluated.</td></tr>\n";
  }
  out << "</tbody></table>\n";
  for (const std::string& note : EvidenceNotes(verdict)) {
    out << "<p class=\"note\">" << RedactedHtml(note) << "</p>\n";
  }
}

// Right under the header: a run cut short by a certain breach, and a filter that judged only
// some of the SLOs below, are the first things a reader must know.
void WriteBanners(std::ostream& out, const ResultsDocument& document) {
  if (document.verdict.early_stop) {
    out << "<div class=\"abort\">" << RedactedHtml(slo::EarlyStopText(*document.verdict.early_stop))
        << "</div>\n";
  }
  if (document.selection) {
    out << "<div class=\"selection\">"
        << RedactedHtml(SelectionText(*document.selection, document.verdict.findings.size())) << "</div>\n";
  }
  if (const std::string overridden = OverriddenThresholdsText(document.config);
      !overridden.empty()) {
    out << "<div class=\"selection\">" << RedactedHtml(overridden) << "</div>\n";
  }
}

void WriteCharts(std::ostream& out, const ResultsDocument& document) {
  out << "<h2>Load</h2>\n<div class=\"charts\">"
      << "<div class=\"card\">" << RenderSvg(ThroughputChart(document), kChartWidth, kChartHeight)
      << "</div><div class=\"card\">"
      << RenderSvg(LatencyChart(document), kChartWidth, kChartHeight)
      << "</div><div class=\"card\">"
      << RenderSvg(LatencySpectrumChart(document), kChartWidth, kChartHeight)
      << "</div></div>\n<h2>Replication and DLQ</h2>\n<div class=\"charts\">"
      << "<div class=\"card\">" << RenderSvg(LagChart(document), kChartWidth, kChartHeight)
      << "</div><div class=\"card\">" << RenderSvg(DlqChart(document), kChartWidth, kChartHeight)
      << "</div></div>\n";
}

void WriteScrapes(std::ostream& out, const std::vector<ScrapeSummary>& scrapes) {
  if (scrapes.empty()) return;
  out << "<h2>Metric scrapes</h2>\n<table><thead><tr><th>Phase</th><th>Endpoint</th>"
         "<th>Result</th><th>Took</th><th>Families</th><th>Samples</th></tr></thead><tbody>\n";
  for (const ScrapeSummary& scrape : scrapes) {
    for (const EndpointSummary& endpoint : scrape.endpoints) {
      out << "<tr><td>" << RedactedHtml(scrape.phase) << "</td><td>" << RedactedHtml(endpoint.url) << "</td><td>"
          << (endpoint.ok ? std::string("ok") : RedactedHtml(endpoint.error)) << "</td><td class=\"num\">"
          << FormatLatency(endpoint.took) << "</td><td class=\"num\">" << endpoint.families
          << "</td><td class=\"num\">" << endpoint.samples << "</td></tr>\n";
    }
  }
  out << "</tbody></table>\n";
}

}  // namespace

HtmlReporter::HtmlReporter(std::ostream& out) : out_(out) {}

Status HtmlReporter::Report(const ResultsDocument& document) {
  const Context& context = document.context;
  // Built whole, then redacted by value: a token a target echoed may sit in any part.
  std::ostringstream page;
  page << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
       << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
       << "<title>slogate " << OutcomeText(document.verdict.overall) << ": "
       << RedactedHtml(context.profile) << " (" << RedactedHtml(context.environment) << ")</title>\n<style>"
       << kHtmlStyle << "</style>\n</head>\n<body>\n<main>\n";
  WriteHtmlHeader(page, document);
  WriteBanners(page, document);
  if (document.run) WriteFigures(page, *document.run);
  // What the end-to-end lag probes found, and the extra requests they cost the target.
  if (document.lag_probes) {
    page << "<p class=\"causes\">" << RedactedHtml(LagProbeLine(*document.lag_probes)) << "</p>\n";
  }
  WriteVerdictTable(page, document.verdict);
  WriteCharts(page, document);
  WriteScrapes(page, document.scrapes);
  page << "<h2>Configuration</h2>\n";
  WriteConfiguration(page, document);
  page << "<footer>Latency is measured from each request's intended send time (coordinated "
          "omission corrected). Schema version "
       << kResultsSchemaVersion << ".</footer>\n</main>\n</body>\n</html>\n";
  out_ << secrets::Redact(page.str());
  out_.flush();
  if (!out_) return MakeError("write_failed", "could not write the HTML report");
  return Status::Ok();
}

}  // namespace slogate::report
