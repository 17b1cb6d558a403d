#include "windowed.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>

#include "judge.h"

namespace slogate::slo::internal {

namespace {

// Windows and spans are whole seconds because per_second is; a part second rounds up so that
// a window is never shorter, nor a breach easier to sustain, than the profile asked.
int64_t WholeSecondsUp(std::chrono::nanoseconds duration) {
  return std::max<int64_t>(1, std::chrono::ceil<std::chrono::seconds>(duration).count());
}

WindowRule RuleOf(const config::WindowedSlo& windowed) {
  WindowRule rule;
  rule.window_seconds = WholeSecondsUp(windowed.window);
  rule.sustained_seconds = WholeSecondsUp(windowed.sustained);
  return rule;
}

// One tally per whole second of the sending time. The final part second and the drain are
// left out: completions thin out there as sending stops, and a part window would show a
// collapse (or a spike of late errors against few completions) that the run never had.
template <typename TallyOf>
std::vector<stats::WindowTally> SecondTallies(const load::RunResult& run, TallyOf tally_of) {
  const int64_t whole_seconds = std::chrono::floor<std::chrono::seconds>(run.sending_time).count();
  std::vector<stats::WindowTally> tallies(static_cast<size_t>(std::max<int64_t>(0, whole_seconds)));
  for (const stats::WindowSummary& second : run.per_second) {
    if (second.second < 0 || second.second >= whole_seconds) continue;
    tallies[static_cast<size_t>(second.second)] = tally_of(second);
  }
  return tallies;
}

// The findings the windows may change: a PASS, or an INCONCLUSIVE whose whole-run value is
// within the threshold (what it lacks is proof; an untrustworthy measurement is caught before
// by MeasurementTrusted). A FAIL stays a FAIL with its whole-run wording.
bool WindowsCanDecide(const Finding& finding) {
  if (finding.outcome == Outcome::kPass) return true;
  return finding.outcome == Outcome::kInconclusive && finding.measured && finding.threshold &&
         *finding.measured < *finding.threshold;
}

bool MeasurementTrusted(const Finding& finding, const Observations& observations,
                        const SloSet& slos) {
  const Judge judge(finding.slo, observations, slos);
  return !TargetUnreachable(judge) && !GeneratorBehind(judge);
}

std::string WindowText(const WindowTallied& window, const WindowRule& rule) {
  return "+" + std::to_string(window.start_second) + " s…+" +
         std::to_string(window.start_second + rule.window_seconds) + " s";
}

// "worst of 7 s breached, ≥ 5 s sustained", or with several breaches "worst of 12 s breached
// in 2 spells of ≥ 5 s".
std::string SustainedText(const WindowScan& scan, const WindowRule& rule) {
  const std::string breached =
      "worst of " + std::to_string(scan.sustained_breach_seconds) + " s breached";
  const std::string sustained = std::to_string(rule.sustained_seconds) + " s";
  if (scan.sustained_breaches == 1) return breached + ", ≥ " + sustained + " sustained";
  return breached + " in " + std::to_string(scan.sustained_breaches) + " spells of ≥ " + sustained;
}

// What the windows showed when they did not decide, for the end of the finding's message.
std::string Note(const WindowScan& scan, const WindowRule& rule, std::string_view trials_name,
                 const std::string& worst_text) {
  const std::string heading = "; " + std::to_string(rule.window_seconds) + " s windows: ";
  if (scan.windows == 0) {
    return heading + "none judged (the sending time holds no whole window)";
  }
  if (scan.judged == 0) {
    return heading + "none judged (fewer than " + std::to_string(rule.min_trials) + " " +
           std::string(trials_name) + " in each of " + std::to_string(scan.windows) + ")";
  }
  const std::string worst = "worst " + worst_text + " at " + WindowText(scan.worst, rule);
  if (scan.longest_breach_seconds == 0) {
    return heading + "none breached (" + worst + ", " + std::to_string(scan.judged) + " judged)";
  }
  return heading + "breached for at most " + std::to_string(scan.longest_breach_seconds) +
         " s, < " + std::to_string(rule.sustained_seconds) + " s sustained (" + worst + ")";
}

void AddWindowMeasurements(Finding& finding, const WindowScan& scan, std::string_view value_name) {
  const auto add = [&](std::string_view name, double value, std::string_view unit) {
    finding.measurements.push_back(Measurement{std::string(name), value, std::string(unit)});
  };
  add("windows_judged", static_cast<double>(scan.judged), "count");
  if (scan.judged == 0) return;
  add("worst_window_start_s", static_cast<double>(scan.worst.start_second), "s");
  add(value_name, scan.worst.share(), "ratio");
  add("window_breach_longest_s", static_cast<double>(scan.longest_breach_seconds), "s");
  add("window_breach_sustained_s", static_cast<double>(scan.sustained_breach_seconds), "s");
}

// The texts one SLO gives its windows' outcome.
struct WindowWording {
  std::string_view value_name;   // the measurement of the worst window's share
  std::string_view trials_name;  // "completions", "OK responses"
  std::string worst;             // the worst window's share, as a note names it
  std::string fail;              // the FAIL text when a sustained breach decides
};

Finding DecideByWindows(Finding finding, const WindowScan& scan, const WindowRule& rule,
                        const WindowWording& wording) {
  AddWindowMeasurements(finding, scan, wording.value_name);
  if (!WindowsCanDecide(finding)) return finding;
  if (scan.sustained_breaches == 0) {
    finding.message += Note(scan, rule, wording.trials_name, wording.worst);
    return finding;
  }
  finding.outcome = Outcome::kFail;
  finding.message = FindingMessage(finding.slo, Outcome::kFail, finding.profile,
                                   finding.environment, wording.fail);
  return finding;
}

// ErrorRate's FAIL: "error rate 14% in the window +20 s…+30 s (70 errors of 500 completions;
// worst of 7 s breached, ≥ 5 s sustained), while the whole run's 0.9% is below the 1%
// threshold".
std::string ErrorRateFailText(const Finding& finding, const WindowScan& scan,
                              const WindowRule& rule) {
  return "error rate " + Percent(scan.worst.share()) + " in the window " +
         WindowText(scan.worst, rule) + " (" + std::to_string(scan.worst.tally.failures) +
         " errors of " + std::to_string(scan.worst.tally.trials) + " completions; " +
         SustainedText(scan, rule) + "), while the whole run's " +
         Percent(finding.measured.value_or(0)) + " is below the " +
         Percent(finding.threshold.value_or(0)) + " threshold";
}

std::string LatencyFailText(const Finding& finding, const WindowScan& scan,
                            const WindowRule& rule) {
  const std::string threshold = Num(finding.threshold.value_or(0), 1) + " ms";
  return "p95 at or above " + threshold + " in the window " + WindowText(scan.worst, rule) + " (" +
         std::to_string(scan.worst.tally.failures) + " of its " +
         std::to_string(scan.worst.tally.trials) + " OK responses, " + Percent(scan.worst.share()) +
         ", took " + threshold + " or more; " + SustainedText(scan, rule) +
         "), while the whole run's p95 " + Num(finding.measured.value_or(0), 1) +
         " ms is below the " + threshold + " threshold";
}

// Why the latency windows cannot be judged, or empty when they can: the per-second slow
// counts must have been taken against this threshold.
std::string LatencyMarkProblem(const load::RunResult& run, std::chrono::nanoseconds threshold) {
  if (run.latency_mark == threshold) return "";
  if (run.latency_mark == std::chrono::nanoseconds(0)) {
    return "the run did not count, per second, the OK responses at or above the " +
           Millis(threshold) + " threshold";
  }
  return "the run counted slow responses against " + Millis(run.latency_mark) + ", not the " +
         Millis(threshold) + " threshold";
}

}  // namespace

double WindowTallied::share() const {
  return tally.trials == 0
             ? 0.0
             : static_cast<double>(tally.failures) / static_cast<double>(tally.trials);
}

WindowScan ScanWindows(const std::vector<stats::WindowTally>& seconds, const WindowRule& rule) {
  WindowScan scan;
  const auto count = static_cast<int64_t>(seconds.size());
  scan.windows = std::max<int64_t>(0, count - rule.window_seconds + 1);
  std::vector<WindowTallied> spell;  // the current run of consecutive breaching windows
  WindowTallied worst_judged;
  bool have_sustained_worst = false;
  const auto higher = [](const WindowTallied& a, const WindowTallied& b) {
    return a.share() > b.share();
  };
  const auto end_spell = [&] {
    const auto length = static_cast<int64_t>(spell.size());
    scan.longest_breach_seconds = std::max(scan.longest_breach_seconds, length);
    if (length > 0 && length >= rule.sustained_seconds) {
      ++scan.sustained_breaches;
      scan.sustained_breach_seconds += length;
      const WindowTallied& worst = *std::min_element(spell.begin(), spell.end(), higher);
      if (!have_sustained_worst || higher(worst, scan.worst)) scan.worst = worst;
      have_sustained_worst = true;
    }
    spell.clear();
  };
  for (int64_t start = 0; start < scan.windows; ++start) {
    WindowTallied window{start, {}};
    for (int64_t s = start; s < start + rule.window_seconds; ++s) {
      window.tally.trials += seconds[static_cast<size_t>(s)].trials;
      window.tally.failures += seconds[static_cast<size_t>(s)].failures;
    }
    if (window.tally.trials < rule.min_trials) {
      end_spell();
      continue;
    }
    if (scan.judged == 0 || higher(window, worst_judged)) worst_judged = window;
    ++scan.judged;
    if (rule.breaches(window.tally)) {
      spell.push_back(window);
    } else {
      end_spell();
    }
  }
  end_spell();
  if (!have_sustained_worst) scan.worst = worst_judged;
  return scan;
}

uint64_t MinCompletionsPerWindow(double max_error_rate) {
  // One error in n completions stays below the threshold exactly when n > 1 / max_error_rate.
  if (!(max_error_rate > 0)) return 1;  // every error breaches; nothing to wait for
  if (max_error_rate > 1) return 1;     // no window can breach
  auto n = static_cast<uint64_t>(std::floor(1 / max_error_rate)) + 1;
  // 1 / max_error_rate is rarely exact in binary: settle n with the comparison that judges a
  // window, so that the window of n - 1 completions is the largest one error breaches.
  while (1.0 / static_cast<double>(n) >= max_error_rate) ++n;
  while (n > 1 && 1.0 / static_cast<double>(n - 1) < max_error_rate) --n;
  return n;
}

Finding WithErrorRateWindows(Finding whole_run, const Observations& observations,
                             const SloSet& slos) {
  const config::WindowedSlo& windowed = slos.rules.windowed;
  if (!windowed.enabled() || !MeasurementTrusted(whole_run, observations, slos)) {
    return whole_run;
  }
  WindowRule rule = RuleOf(windowed);
  const double max_error_rate = slos.thresholds.max_error_rate;
  rule.min_trials = MinCompletionsPerWindow(max_error_rate);
  rule.breaches = [max_error_rate](const stats::WindowTally& tally) {
    return static_cast<double>(tally.failures) / static_cast<double>(tally.trials) >=
           max_error_rate;
  };
  // Dropped arrivals are counted for the run, not per second, so a window's rate is its
  // errors over its completions.
  const WindowScan scan =
      ScanWindows(SecondTallies(observations.run, ErrorTally), rule);
  WindowWording wording{"worst_window_error_rate", "completions",
                        "error rate " + Percent(scan.worst.share()),
                        ErrorRateFailText(whole_run, scan, rule)};
  return DecideByWindows(std::move(whole_run), scan, rule, wording);
}

Finding WithLatencyWindows(Finding whole_run, const Observations& observations,
                           const SloSet& slos) {
  const config::WindowedSlo& windowed = slos.rules.windowed;
  if (!windowed.enabled() || !MeasurementTrusted(whole_run, observations, slos)) {
    return whole_run;
  }
  const load::RunResult& run = observations.run;
  const auto threshold = slos.thresholds.latency_p95;
  WindowRule rule = RuleOf(windowed);
  if (const std::string problem = LatencyMarkProblem(run, threshold); !problem.empty()) {
    if (WindowsCanDecide(whole_run)) {
      whole_run.message += "; " + std::to_string(rule.window_seconds) +
                           " s windows of latency not judged: " + problem;
    }
    return whole_run;
  }
  // As for the whole run: with fewer OK responses a p95 says nothing.
  rule.min_trials = kMinOkForLatency;
  // Nearest rank: the p95 of n values is at or above the threshold exactly when more than
  // floor(0.05 n) of them are, i.e. when more than 5% are (20 × slow > n, in integers).
  rule.breaches = [](const stats::WindowTally& tally) {
    return tally.failures * 20 > tally.trials;
  };
  const WindowScan scan = ScanWindows(SecondTallies(run, SlowTally), rule);
  WindowWording wording{
      "worst_window_slow_share", "OK responses",
      Percent(scan.worst.share()) + " of OK responses at or above " + Millis(threshold),
      LatencyFailText(whole_run, scan, rule)};
  return DecideByWindows(std::move(whole_run), scan, rule, wording);
}

}  // namespace slogate::slo::internal
