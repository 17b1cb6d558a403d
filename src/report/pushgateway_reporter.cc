#include "slogate/report/pushgateway_reporter.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <initializer_list>
#include <optional>
#include <sstream>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "format.h"
#include "http_client.h"
#include "slogate/common/base64url.h"
#include "slogate/common/units.h"
#include "slogate/promtext/label_value.h"
#include "slogate/report/redact.h"
#include "time_json.h"

namespace slogate::report {
namespace {

using Labels = std::vector<std::pair<std::string, std::string>>;

std::string SampleValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return units::FormatNumber(value);
}

// Writes one family at a time; the common labels go on every sample.
class Exposition {
 public:
  explicit Exposition(Labels common) : common_(std::move(common)) {}

  void Family(std::string_view name, std::string_view help) {
    out_ << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " gauge\n";
  }
  void Sample(std::string_view name, const Labels& labels, double value) {
    out_ << name << '{';
    bool first = true;
    for (const Labels* set : std::initializer_list<const Labels*>{&common_, &labels}) {
      for (const auto& [label, label_value] : *set) {
        out_ << (first ? "" : ",") << label << "=\"" << promtext::EscapeLabelValue(label_value)
             << '"';
        first = false;
      }
    }
    out_ << "} " << SampleValue(value) << '\n';
  }
  std::string Text() const { return out_.str(); }

 private:
  Labels common_;
  std::ostringstream out_;
};

constexpr std::array kOutcomes = {slo::Outcome::kPass, slo::Outcome::kFail,
                                  slo::Outcome::kInconclusive, slo::Outcome::kSkipped};

// One family of a per-finding number (measured or threshold); findings without it are left out.
void WriteFindingNumbers(Exposition& out, const slo::Verdict& verdict, std::string_view name,
                         std::string_view help, std::optional<double> slo::Finding::*number) {
  bool any = false;
  for (const slo::Finding& finding : verdict.findings) {
    if (!(finding.*number)) continue;
    if (!any) out.Family(name, help);
    any = true;
    out.Sample(name, {{"slo", finding.slo}, {"unit", finding.unit}}, *(finding.*number));
  }
}

void WriteOutcomes(Exposition& out, const slo::Verdict& verdict) {
  out.Family("slogate_verdict", "Overall verdict of the run: 1 for the outcome that holds.");
  for (slo::Outcome outcome : kOutcomes) {
    out.Sample("slogate_verdict", {{"outcome", std::string(OutcomeText(outcome))}},
               verdict.overall == outcome ? 1 : 0);
  }
  if (verdict.findings.empty()) return;
  out.Family("slogate_slo_outcome", "Outcome per SLO: 1 for the outcome that holds.");
  for (const slo::Finding& finding : verdict.findings) {
    for (slo::Outcome outcome : kOutcomes) {
      out.Sample("slogate_slo_outcome",
                 {{"slo", finding.slo}, {"outcome", std::string(OutcomeText(outcome))}},
                 finding.outcome == outcome ? 1 : 0);
    }
  }
  WriteFindingNumbers(out, verdict, "slogate_slo_measured",
                      "Value measured per SLO, in its unit label.", &slo::Finding::measured);
  WriteFindingNumbers(out, verdict, "slogate_slo_threshold",
                      "Threshold per SLO, in its unit label.", &slo::Finding::threshold);
}

// The evidence of the SLOs judged on a rate or a percentile: the level (0 for a point
// estimate), the sample, and the bound where one was computed.
void WriteEvidence(Exposition& out, const slo::Verdict& verdict) {
  std::vector<const slo::Finding*> with_evidence;
  for (const slo::Finding& finding : verdict.findings) {
    if (finding.evidence) with_evidence.push_back(&finding);
  }
  if (with_evidence.empty()) return;
  out.Family("slogate_slo_confidence",
             "One-sided confidence level of the SLO's bound; 0 for a point estimate.");
  for (const slo::Finding* finding : with_evidence) {
    out.Sample("slogate_slo_confidence", {{"slo", finding->slo}}, finding->evidence->confidence);
  }
  out.Family("slogate_slo_sample_size", "Requests, OK responses or results the SLO was judged on.");
  for (const slo::Finding* finding : with_evidence) {
    out.Sample("slogate_slo_sample_size", {{"slo", finding->slo}},
               static_cast<double>(finding->evidence->sample_size));
  }
  bool any_bound = false;
  for (const slo::Finding* finding : with_evidence) {
    if (!finding->evidence->bound) continue;
    if (!any_bound) {
      out.Family("slogate_slo_bound",
                 "Confidence bound of the SLO's value toward its threshold, in its unit label.");
    }
    any_bound = true;
    out.Sample("slogate_slo_bound", {{"slo", finding->slo}, {"unit", finding->unit}},
               *finding->evidence->bound);
  }
}

void WriteRun(Exposition& out, const load::RunResult& run) {
  out.Family("slogate_latency_seconds",
             "Corrected latency quantile (from the intended send time), nearest rank.");
  for (const auto& [label, q] : {std::pair{"0.5", 0.5}, {"0.95", 0.95}, {"0.99", 0.99}}) {
    out.Sample("slogate_latency_seconds", {{"quantile", label}},
               std::chrono::duration<double>(run.latency.Percentile(q)).count());
  }
  const std::array<std::tuple<const char*, const char*, double>, 5> figures = {{
      {"slogate_error_ratio", "Failed share of completed requests plus dropped arrivals.",
       run.ErrorRate()},
      {"slogate_achieved_rps", "Requests sent per second of sending time.", run.achieved_rps},
      {"slogate_target_rps", "Mean request rate the schedule asked for.", run.target_rps},
      {"slogate_requests_sent", "Requests sent in the run.", static_cast<double>(run.sent)},
      {"slogate_requests_dropped", "Arrivals dropped after waiting too long for a slot.",
       static_cast<double>(run.dropped)},
  }};
  for (const auto& [name, help, value] : figures) {
    out.Family(name, help);
    out.Sample(name, {}, value);
  }
}

// Largest sampled value of the series naming `metric`, if any was sampled.
std::optional<double> MaxSampled(const ResultsDocument& document, std::string_view metric) {
  std::optional<double> max;
  for (const scrape::SampledSeries& series : document.series) {
    if (series.selector.rfind(metric, 0) != 0) continue;
    for (const scrape::SamplePoint& point : series.points) {
      if (point.value && !std::isnan(*point.value))
        max = std::max(max.value_or(*point.value), *point.value);
    }
  }
  return max;
}

bool IsUnreserved(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '.' || c == '_' ||
         c == '~';
}

// The Pushgateway's spelling of a grouping-key value in base64: padded, and "=" for "".
std::string PaddedBase64Url(std::string_view text) {
  std::string out = base64url::Encode(text);
  while (out.size() % 4 != 0) out += '=';
  return out.empty() ? "=" : out;
}

// "/<label>/<value>" or "/<label>@base64/<value>" for one grouping-key pair.
std::string GroupingSegment(std::string_view label, std::string_view value) {
  if (value.empty() || value.find('/') != std::string_view::npos) {
    return "/" + std::string(label) + "@base64/" + PaddedBase64Url(value);
  }
  std::string out = "/" + std::string(label) + "/";
  static constexpr std::string_view kHex = "0123456789ABCDEF";
  for (unsigned char c : value) {
    if (IsUnreserved(static_cast<char>(c))) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

}  // namespace

std::string PushgatewayExposition(const ResultsDocument& document) {
  Exposition out(
      {{"profile", document.context.profile}, {"environment", document.context.environment}});
  WriteOutcomes(out, document.verdict);
  WriteEvidence(out, document.verdict);
  out.Family("slogate_run_aborted",
             "1 when abort_on_breach stopped the run on a certain breach, else 0.");
  out.Sample("slogate_run_aborted", {}, document.verdict.early_stop ? 1 : 0);
  if (document.run) WriteRun(out, *document.run);
  if (const auto lag = MaxSampled(document, "memory_replicator_lag_seconds")) {
    out.Family("slogate_replication_lag_max_seconds",
               "Largest replication lag sampled in the run.");
    out.Sample("slogate_replication_lag_max_seconds", {}, *lag);
  }
  if (const auto dlq = MaxSampled(document, "gateway_dlq_depth")) {
    out.Family("slogate_dlq_depth_max", "Largest DLQ depth sampled in the run.");
    out.Sample("slogate_dlq_depth_max", {}, *dlq);
  }
  out.Family("slogate_last_run_timestamp_seconds", "When the results were produced (Unix time).");
  out.Sample("slogate_last_run_timestamp_seconds", {}, UnixSeconds(document.context.generated_at));
  return out.Text();
}

Result<std::string> PushgatewayGroupUrl(const PushgatewayOptions& options) {
  std::string base = options.url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (base.rfind("http://", 0) != 0 && base.rfind("https://", 0) != 0) {
    return MakeError("bad_option", "Pushgateway URL \"" + RedactText(options.url) +
                                       "\" must start with http:// or https://");
  }
  if (options.job.empty()) {
    return MakeError("bad_option", "Pushgateway job is empty; give a job name (e.g. slogate)");
  }
  return base + "/metrics" + GroupingSegment("job", options.job) +
         GroupingSegment("instance", options.instance);
}

PushgatewayReporter::PushgatewayReporter(PushgatewayOptions options)
    : options_(std::move(options)) {}

Status PushgatewayReporter::Report(const ResultsDocument& document) {
  Result<std::string> url = PushgatewayGroupUrl(options_);
  if (!url.ok()) return url.error();
  // Label values may quote what a target sent; a token it echoed must not leave the process.
  Result<HttpReply> reply = HttpSend("PUT", *url, secrets::Redact(PushgatewayExposition(document)),
                                     "text/plain; version=0.0.4; charset=utf-8", options_.timeout);
  if (!reply.ok()) return MakeError(reply.error().code, RedactText(reply.error().message));
  if (reply->status < 200 || reply->status >= 300) {
    return MakeError("push_failed",
                     RedactText("Pushgateway " + *url + " answered " +
                                std::to_string(reply->status) + ": " + reply->body.substr(0, 200)));
  }
  return Status::Ok();
}

}  // namespace slogate::report
