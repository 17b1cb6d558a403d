#include "slogate/report/console_reporter.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>

#include "evidence_text.h"
#include "format.h"
#include "slogate/report/redact.h"
#include "slogate/report/run_lines.h"

namespace slogate::report {
namespace {

constexpr size_t kSloWidth = 22;
constexpr size_t kOutcomeWidth = 13;
constexpr size_t kNumberWidth = 12;
constexpr size_t kBoundWidth = 24;

// Redacted, with control characters (escape sequences, newlines) shown as '?' so that text
// from the target or the config can neither drive the terminal nor break the table.
std::string Printable(std::string_view text) {
  std::string out = RedactText(text);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return out;
}

std::string Pad(std::string text, size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text + ' ';
}

std::string_view ColorFor(slo::Outcome outcome) {
  switch (outcome) {
    case slo::Outcome::kPass:
      return "\033[32m";
    case slo::Outcome::kFail:
      return "\033[31m";
    case slo::Outcome::kInconclusive:
      return "\033[33m";
    case slo::Outcome::kSkipped:
      return "\033[90m";
  }
  return "";
}

// The outcome padded to `width`, colored when asked (the escape codes take no columns); `mark`
// follows the name ("PASS*" for a pass resting on a point estimate).
std::string Outcome(slo::Outcome outcome, bool color, size_t width = kOutcomeWidth,
                    std::string_view mark = "") {
  std::string text = Pad(std::string(OutcomeText(outcome)) + std::string(mark), width);
  if (!color) return text;
  return std::string(ColorFor(outcome)) + text + "\033[0m";
}

void WriteConsoleHeader(std::ostream& out, const ResultsDocument& document) {
  const Context& context = document.context;
  out << "slogate " << Printable(context.slogate_version) << "  profile "
      << Printable(context.profile) << "  env " << Printable(context.environment) << "  target "
      << Printable(context.target) << '\n';
  if (const std::string overridden = OverriddenThresholdsText(document.config);
      !overridden.empty()) {
    out << Printable(overridden) << '\n';
  }
  if (!document.error.empty()) out << "run error: " << Printable(document.error) << '\n';
  if (!document.run) return;
  const load::RunResult& run = *document.run;
  out << "load: " << run.sent << " sent of " << run.scheduled << " scheduled, "
      << FormatSignificant(run.achieved_rps) << "/s achieved of "
      << FormatSignificant(run.target_rps) << "/s, ok " << run.ok << ", errors " << run.errors
      << ", dropped " << run.dropped << " (error rate " << FormatMeasured(run.ErrorRate(), "ratio")
      << ")" << (run.interrupted ? ", INTERRUPTED" : "")
      << (run.transport.empty() ? "" : "; through " + Printable(run.transport)) << '\n';
  out << "latency (corrected): p50 " << FormatLatency(run.latency.Percentile(0.5)) << ", p95 "
      << FormatLatency(run.latency.Percentile(0.95)) << ", p99 "
      << FormatLatency(run.latency.Percentile(0.99)) << "; service p99 "
      << FormatLatency(run.service_time.Percentile(0.99)) << "; send lateness p99 "
      << FormatLatency(run.send_lateness.Percentile(0.99)) << '\n';
  out << LatencySplitLine(run) << '\n';
  // Why requests failed and what of the acknowledged writes can be audited: the causes behind
  // the ErrorRate and ZeroLoss rows.
  for (const std::string& line : {ErrorCausesLine(run), AcknowledgedLine(run)}) {
    if (!line.empty()) out << Printable(line) << '\n';
  }
  if (run.slot_wait.count() > 0 || run.dropped_at_cap > 0) {
    out << "concurrency cap " << run.concurrency << " full: " << run.slot_wait.count()
        << " arrivals waited for a slot (p99 " << FormatLatency(run.slot_wait.Percentile(0.99))
        << "), " << run.dropped_at_cap << " dropped waiting\n";
  }
  if (document.lag_probes) out << Printable(LagProbeLine(*document.lag_probes)) << '\n';
}

// "< 3.9% (n=75)"; the level joins the sample size when the findings' levels differ (the
// header then names none). Empty for a finding judged without a rate or percentile. The
// effective size is left to the notes under the table, to keep the column narrow.
std::string BoundCell(const slo::Finding& finding, bool level_in_header) {
  if (!finding.evidence) return "";
  std::string sample = "n=" + FormatCount(finding.evidence->sample_size);
  if (!level_in_header && !finding.evidence->point_estimate()) {
    sample += ", " + ConfidenceText(finding.evidence->confidence);
  }
  return BoundText(finding) + " (" + sample + ")";
}

void WriteTable(std::ostream& out, const slo::Verdict& verdict, bool color) {
  const std::optional<double> level = CommonConfidence(verdict);
  const std::string bound_header = level ? "BOUND (" + ConfidenceText(*level) + ")" : "BOUND";
  out << '\n'
      << Pad("SLO", kSloWidth) << Pad("OUTCOME", kOutcomeWidth) << Pad("MEASURED", kNumberWidth)
      << Pad("THRESHOLD", kNumberWidth) << Pad(bound_header, kBoundWidth) << "MESSAGE\n";
  for (const slo::Finding& finding : verdict.findings) {
    out << Pad(Printable(finding.slo), kSloWidth)
        << Outcome(finding.outcome, color, kOutcomeWidth, IsPointEstimatePass(finding) ? "*" : "")
        << Pad(FormatMeasured(finding.measured, finding.unit), kNumberWidth)
        << Pad(FormatMeasured(finding.threshold, finding.unit), kNumberWidth)
        << Pad(BoundCell(finding, level.has_value()), kBoundWidth)
        << Printable(slo::MessageBody(finding)) << '\n';
    // What a reviewer pastes into Prometheus, under the findings that need a look.
    if (finding.outcome == slo::Outcome::kPass) continue;
    for (const slo::SourceQuery& query : finding.queries) {
      out << "    query: " << Printable(query.promql) << "  (" << QueryRangeText(query) << ")\n";
    }
  }
  for (const std::string& note : EvidenceNotes(verdict)) out << Printable(note) << '\n';
}

// The verdict line; a run cut short by a certain breach says so directly above it, since the
// verdict of a shortened run reads differently.
void WriteOverall(std::ostream& out, const slo::Verdict& verdict, bool color) {
  auto count = [&](slo::Outcome outcome) {
    return std::count_if(verdict.findings.begin(), verdict.findings.end(),
                         [&](const slo::Finding& finding) { return finding.outcome == outcome; });
  };
  // An overall PASS is only as strong as its weakest pass.
  const bool on_point_estimates =
      verdict.overall == slo::Outcome::kPass &&
      std::any_of(verdict.findings.begin(), verdict.findings.end(), IsPointEstimatePass);
  out << '\n';
  if (verdict.early_stop) out << Printable(slo::EarlyStopText(*verdict.early_stop)) << '\n';
  out << "verdict: " << Outcome(verdict.overall, color, 0, on_point_estimates ? "*" : "") << "("
      << count(slo::Outcome::kPass) << " pass, " << count(slo::Outcome::kFail) << " fail, "
      << count(slo::Outcome::kInconclusive) << " inconclusive, " << count(slo::Outcome::kSkipped)
      << " skipped)" << (on_point_estimates ? "; * point estimates, not proof" : "") << '\n';
}

// Under the verdict line: the table shows every SLO while the exit status followed a filter.
void WriteSelection(std::ostream& out, const ResultsDocument& document) {
  if (!document.selection) return;
  out << Printable(SelectionText(*document.selection, document.verdict.findings.size())) << '\n';
}

}  // namespace

ConsoleReporter::ConsoleReporter(std::ostream& out, ConsoleOptions options)
    : out_(out), options_(options) {}

Status ConsoleReporter::Report(const ResultsDocument& document) {
  // Built whole, then redacted by value: a token a target echoed may sit in any part.
  std::ostringstream text;
  WriteConsoleHeader(text, document);
  WriteTable(text, document.verdict, options_.color);
  WriteOverall(text, document.verdict, options_.color);
  WriteSelection(text, document);
  out_ << secrets::Redact(text.str());
  out_.flush();
  if (!out_) return MakeError("write_failed", "could not write the console report");
  return Status::Ok();
}

bool ShouldUseColor(int fd) {
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color != nullptr && no_color[0] != '\0') return false;
  return isatty(fd) == 1;
}

}  // namespace slogate::report
