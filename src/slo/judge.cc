#include "judge.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace slogate::slo {

Judge::Judge(std::string_view slo, const Observations& observations, const SloSet& slos)
    : observations_(observations), slos_(slos) {
  finding_.slo = std::string(slo);
  finding_.profile = observations.profile;
  finding_.environment = std::string(config::EnvironmentName(slos.environment));
}

Judge& Judge::Measured(double value, std::string_view unit) {
  finding_.measured = value;
  finding_.unit = std::string(unit);
  return *this;
}

Judge& Judge::Threshold(double value) {
  finding_.threshold = value;
  return *this;
}

Judge& Judge::Add(std::string_view name, double value, std::string_view unit) {
  finding_.measurements.push_back(Measurement{std::string(name), value, std::string(unit)});
  return *this;
}

Judge& Judge::WithEvidence(const Evidence& evidence) {
  finding_.evidence = evidence;
  Add("confidence", evidence.confidence, "ratio");
  if (evidence.bound) Add("bound", *evidence.bound, finding_.unit);
  Add("sample_size", static_cast<double>(evidence.sample_size), "count");
  Add("effective_sample_size", evidence.effective_sample_size, "count");
  return Add("design_effect", evidence.design_effect, "ratio");
}

Finding Judge::Pass(std::string_view text) const { return Worded(Outcome::kPass, text); }
Finding Judge::Fail(std::string_view text) const { return Worded(Outcome::kFail, text); }
Finding Judge::Skipped(std::string_view text) const { return Worded(Outcome::kSkipped, text); }

Finding Judge::Inconclusive(std::string_view text) const {
  return Worded(Outcome::kInconclusive, text);
}

Finding Judge::Unproven(std::string_view text) const {
  return WithMessage(Outcome::kInconclusive,
                     internal::FindingHeading(finding_.slo, Outcome::kInconclusive,
                                              finding_.profile, finding_.environment) +
                         std::string(text));
}

config::Requirement Judge::requirement() const { return slos_.checks.For(finding_.slo); }

Finding Judge::Worded(Outcome outcome, std::string_view text) const {
  return WithMessage(outcome, internal::FindingMessage(finding_.slo, outcome, finding_.profile,
                                                       finding_.environment, text));
}

Finding Judge::WithMessage(Outcome outcome, std::string message) const {
  Finding finding = finding_;
  finding.outcome = outcome;
  finding.message = std::move(message);
  return finding;
}

}  // namespace slogate::slo

namespace slogate::slo::internal {

std::string FindingHeading(std::string_view slo, Outcome outcome, std::string_view profile,
                           std::string_view environment) {
  return std::string(slo) + " " + std::string(OutcomeName(outcome)) + " (profile " +
         std::string(profile.empty() ? "?" : profile) + ", env " + std::string(environment) + "): ";
}

std::string FindingMessage(std::string_view slo, Outcome outcome, std::string_view profile,
                           std::string_view environment, std::string_view text) {
  std::string message = FindingHeading(slo, outcome, profile, environment);
  // An INCONCLUSIVE finding must never read like a breach.
  if (outcome == Outcome::kInconclusive) {
    message += "cannot judge, the measurement is not trustworthy: ";
  }
  return message + std::string(text);
}

std::string Num(double value, int decimals) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  const auto [end, error] =
      std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::fixed, decimals);
  if (error != std::errc()) return "?";
  std::string text(buffer, end);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  if (text == "-0") text = "0";
  return text;
}

std::string Percent(double share) { return Num(share * 100, 3) + "%"; }

double ToMillis(std::chrono::nanoseconds duration) {
  return std::chrono::duration<double, std::milli>(duration).count();
}

double ToSeconds(std::chrono::nanoseconds duration) {
  return std::chrono::duration<double>(duration).count();
}

std::string Millis(std::chrono::nanoseconds duration) { return Num(ToMillis(duration), 1) + " ms"; }

std::string SecondsText(double seconds) {
  // Below 0.1 s in milliseconds: a 3 ms lag written as "0 s" would hide the figure.
  if (seconds != 0 && std::abs(seconds) < 0.1) return Num(seconds * 1000, 2) + " ms";
  return Num(seconds, 2) + " s";
}

namespace {

const stats::Histogram& OkOrAll(const stats::Histogram& ok, const stats::Histogram& all,
                                const load::RunResult& run) {
  const bool only_ok_completed = run.errors == 0 && all.count() == run.ok;
  return ok.count() == 0 && only_ok_completed ? all : ok;
}

}  // namespace

const stats::Histogram& OkLatency(const load::RunResult& run) {
  return OkOrAll(run.ok_latency, run.latency, run);
}

const stats::Histogram& OkServiceTime(const load::RunResult& run) {
  return OkOrAll(run.ok_service_time, run.service_time, run);
}

std::optional<Finding> SkipUnlessWritePath(const Judge& judge) {
  if (judge.observations().write_path) return std::nullopt;
  return judge.Skipped("applies to the write path only; endpoint \"" +
                       judge.observations().endpoint + "\" does not move the write metrics");
}

std::optional<Finding> TargetUnreachable(const Judge& judge) {
  const load::RunResult& run = judge.observations().run;
  if (run.completed == 0) {
    return judge.Inconclusive("no request completed (" + std::to_string(run.sent) + " sent, " +
                              std::to_string(run.dropped) +
                              " dropped): the target was not exercised");
  }
  const auto connect = run.errors_by_category.find(load::ErrorCategory::kConnect);
  if (run.ok == 0 && connect != run.errors_by_category.end() && connect->second == run.completed) {
    return judge.Inconclusive("target unreachable: all " + std::to_string(run.completed) +
                              " requests failed to connect to " + run.target_url);
  }
  return std::nullopt;
}

std::optional<Finding> WritePathGate(const Judge& judge) {
  if (auto skipped = SkipUnlessWritePath(judge)) return skipped;
  return TargetUnreachable(judge);
}

std::optional<Finding> GeneratorBehind(const Judge& judge) {
  const load::RunResult& run = judge.observations().run;
  const config::Thresholds& bounds = judge.slos().thresholds;
  std::string problems;
  const auto note = [&](const std::string& text) {
    problems += (problems.empty() ? "" : "; ") + text;
  };
  // p99 over the bound means more than 1% of sends left later than it. A lone late send (one
  // scheduling hiccup of the machine) is not a generator behind its schedule, and in a small
  // run it alone would be the p99; its lateness still counts in the corrected latency.
  const auto bound = bounds.max_send_lateness_p99;
  const uint64_t late = run.send_lateness.CountAbove(bound);
  if (late > 1 && late * 100 > run.send_lateness.count()) {
    note("send lateness p99 " + Millis(run.send_lateness.Percentile(0.99)) + " > " + Millis(bound) +
         " bound (" + std::to_string(late) + " of " + std::to_string(run.send_lateness.count()) +
         " sends later than that)");
  }
  // Arrivals dropped while every slot was busy were the target's doing (too slow for the rate
  // and the cap): they count as failures in ErrorRate, not against the generator.
  const uint64_t generator_dropped = run.dropped - std::min(run.dropped, run.dropped_at_cap);
  if (run.scheduled > 0) {
    const double dropped_share =
        static_cast<double>(generator_dropped) / static_cast<double>(run.scheduled);
    if (dropped_share > bounds.max_dropped_share) {
      note(std::to_string(generator_dropped) + " of " + std::to_string(run.scheduled) +
           " arrivals dropped with a slot free (" + Percent(dropped_share) + " > " +
           Percent(bounds.max_dropped_share) + " bound)");
    }
  }
  // A full cap also holds the achieved rate down, and that is the target's slowness; the
  // generator's own share of it shows as lateness or drops with a slot free, checked above.
  const bool cap_filled = run.slot_wait.count() > 0 || run.dropped_at_cap > 0;
  if (run.target_rps > 0 && !cap_filled) {
    const double ratio = run.achieved_rps / run.target_rps;
    if (ratio < bounds.min_achieved_ratio) {
      note("achieved " + Num(run.achieved_rps, 2) + " req/s of " + Num(run.target_rps, 2) +
           " asked (" + Percent(ratio) + " < " + Percent(bounds.min_achieved_ratio) + ")");
    }
  }
  if (problems.empty()) return std::nullopt;
  return judge.Inconclusive("the load generator fell behind its schedule (" + problems +
                            "); this is not a verdict on the target");
}

std::optional<Finding> CapTooSmallForTheSlo(const Judge& judge) {
  const load::RunResult& run = judge.observations().run;
  const auto threshold = judge.slos().thresholds.latency_p95;
  const bool cap_filled = run.slot_wait.count() > 0 || run.dropped_at_cap > 0;
  if (!cap_filled || run.concurrency <= 0) return std::nullopt;
  // A cap that holds a target at the threshold's latency blames a target that filled it; a
  // smaller one does not, as long as the target itself answered within the threshold.
  const double peak_rps = std::max(run.peak_rps, run.target_rps);
  const double in_flight_at_threshold =
      InFlightTheCapMayLack(run.concurrency, peak_rps, threshold);
  if (in_flight_at_threshold == 0) return std::nullopt;
  const auto service_p95 = OkServiceTime(run).Percentile(0.95);
  if (service_p95 >= threshold) return std::nullopt;
  const std::string needed = Num(std::ceil(in_flight_at_threshold), 0);
  return judge.Inconclusive(
      "the concurrency cap of " + std::to_string(run.concurrency) + " filled (" +
      std::to_string(run.slot_wait.count()) + " arrivals waited for a slot, " +
      std::to_string(run.dropped_at_cap) + " dropped) although the target answered within the " +
      Millis(threshold) + " threshold (service-time p95 " + Millis(service_p95) + "); at " +
      Num(peak_rps, 2) + " req/s, answers within the threshold may need up to " + needed +
      " requests in flight, so the profile's cap held the run back, not the target: raise its "
      "concurrency to at least " +
      needed + " or lower its rate");
}

double InFlightTheCapMayLack(int concurrency, double peak_rps,
                             std::chrono::nanoseconds threshold) {
  const double in_flight_at_threshold = peak_rps * ToSeconds(threshold);
  return concurrency >= in_flight_at_threshold ? 0 : in_flight_at_threshold;
}

namespace {

// " by SIGINT", or nothing when the signal is not known.
std::string BySignal(const Observations& observations) {
  return observations.stop_signal.empty() ? "" : " by " + observations.stop_signal;
}

// " by SIGINT during the load" — as much of who and when as the run knows.
std::string InterruptedBy(const Observations& observations) {
  std::string text = BySignal(observations);
  if (!observations.stopped_during.empty()) text += " during " + observations.stopped_during;
  return text;
}

// Why a PASS of this run would show nothing, and what to do, or empty when the run was whole.
std::string CutShort(const Observations& observations) {
  const load::RunResult& run = observations.run;
  const std::string sent = std::to_string(run.sent) + " of " + std::to_string(run.scheduled);
  const std::string advice =
      ": a partial run does not show that the SLO held; run the profile to its end";
  if (run.interrupted) {
    return "the run was interrupted" + InterruptedBy(observations) + " after sending " + sent +
           " scheduled requests" + advice;
  }
  if (run.aborted) {
    // The breach that stopped it is another SLO's FAIL; this one is judged on a partial run.
    std::string text = "the run was aborted";
    if (const auto& stop = observations.early_stop) {
      text += " at +" + SecondsText(ToSeconds(stop->at)) + " (" + stop->slo + ": " +
              stop->reason + ")";
    }
    text += "; " + sent + " scheduled were sent";
    if (observations.interrupted_after_sending) {
      text += ", and an interrupt" + InterruptedBy(observations) +
              " then cut the drain, audit and sampling short";
    }
    return text + ": a partial run does not show that the SLO held";
  }
  if (observations.interrupted_after_sending) {
    if (!observations.stopped_during.empty()) {
      return "the run was interrupted" + BySignal(observations) + " after sending, during " +
             observations.stopped_during + advice;
    }
    return "the run was interrupted" + BySignal(observations) +
           " after sending, before the drain, audit and sampling had ended" + advice;
  }
  return "";
}

}  // namespace

Finding UnlessInterrupted(Finding finding, const Observations& observations) {
  const std::string cut_short = CutShort(observations);
  if (cut_short.empty()) return finding;
  // A signal skips what it cut short — the scrape and health check after the load, the audit,
  // the probes — so a finding without its data lacks it because of the signal: advice to
  // expose a metric or set a URL would be false, and the cut is the only reason to give. A
  // SKIPPED is the signal's doing when the scrape after the load is what it skipped. A finding
  // that already tells the interruption its own way (ZeroLoss: how many ids the audit checked
  // before the signal) keeps its words.
  const bool by_signal = observations.run.interrupted || observations.interrupted_after_sending;
  const bool tells_the_interruption =
      finding.message.find("interrupted" + BySignal(observations)) != std::string::npos;
  const bool after_scrape_skipped =
      observations.after.endpoints.empty() && !observations.before.endpoints.empty();
  if (by_signal && !tells_the_interruption &&
      (finding.outcome == Outcome::kInconclusive ||
       (finding.outcome == Outcome::kSkipped && after_scrape_skipped))) {
    finding.outcome = Outcome::kInconclusive;
    finding.message = FindingMessage(finding.slo, Outcome::kInconclusive, finding.profile,
                                     finding.environment, cut_short);
    return finding;
  }
  // Already INCONCLUSIVE (e.g. too few requests to prove it): say also that the run was cut.
  if (finding.outcome == Outcome::kInconclusive) {
    finding.message += "; " + cut_short;
    return finding;
  }
  if (finding.outcome != Outcome::kPass) return finding;
  const std::string pass_prefix =
      FindingMessage(finding.slo, Outcome::kPass, finding.profile, finding.environment, "");
  const std::string measured =
      finding.message.substr(std::min(pass_prefix.size(), finding.message.size()));
  finding.outcome = Outcome::kInconclusive;
  const std::string text = cut_short + " (measured so far: " + measured + ")";
  // An abort is deliberate and what was measured is sound, only partial: not judged, rather
  // than the untrustworthy measurement an interrupt may have left.
  finding.message =
      observations.run.aborted
          ? FindingHeading(finding.slo, Outcome::kInconclusive, finding.profile,
                           finding.environment) +
                "not judged: " + text
          : FindingMessage(finding.slo, Outcome::kInconclusive, finding.profile,
                           finding.environment, text);
  return finding;
}

}  // namespace slogate::slo::internal
