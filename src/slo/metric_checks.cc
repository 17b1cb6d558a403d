// A profile's metric checks (config::MetricCheck): a team's own rule over the target's
// metrics, judged with the same gates, evidence and wording as the built-in SLOs.
#include <algorithm>
#include <cmath>
#include <string>

#include "counters.h"
#include "proof.h"
#include "slogate/scrape/scrape_types.h"

namespace slogate::slo {
namespace {

using config::Comparison;
using config::MetricCheck;
using internal::CounterRead;
using internal::Num;

constexpr std::string_view kMetricCheckOptionalHint = "set \"optional\": true on the metric check";

bool UpperBound(Comparison comparison) {
  return comparison == Comparison::kBelow || comparison == Comparison::kAtMost;
}

// The name `selector_text` selects (metric checks always have one).
std::string MetricName(std::string_view selector_text) {
  Result<promtext::Selector> selector = promtext::Selector::Parse(selector_text);
  return selector.ok() ? selector->metric_name() : std::string(selector_text);
}

// The label `matcher` needs a series to carry, when it needs one at all: `code="500"` and
// `code=~"5.."` match no series without a code label, `code!="500"` matches every such series.
bool NeedsLabel(const promtext::LabelMatcher& matcher) {
  if (matcher.name == "__name__") return false;
  return !matcher.Matches("");
}

// A label the selector needs that no series of its metric carries after the run (a misspelt
// label name), or nullopt.
std::optional<std::string> LabelNoSeriesCarries(const scrape::ScrapeSet& after,
                                                const promtext::Selector& selector,
                                                const promtext::Selector& family) {
  for (const promtext::LabelMatcher& matcher : selector.matchers()) {
    if (!NeedsLabel(matcher)) continue;
    bool carried = false;
    for (const scrape::EndpointScrape& endpoint : after.endpoints) {
      if (!endpoint.snapshot.ok()) continue;
      for (const promtext::Sample* sample : promtext::Select(*endpoint.snapshot, family)) {
        if (sample->labels.Find(matcher.name) != nullptr) carried = true;
      }
    }
    if (!carried) return matcher.name;
  }
  return std::nullopt;
}

// The increase of a counter. No matching series is an increase of 0 when the metric itself has
// series after the run that carry every label the selector needs (a labelled series such as
// status="503" appears on first use), and missing data otherwise: a misspelt name or label must
// not read as "no errors".
CounterRead Increase(const Judge& judge, const std::string& selector_text) {
  CounterRead read = internal::ReadIncrease(judge, selector_text);
  if (!read.missing) return read;
  const scrape::ScrapeSet& after = judge.observations().after;
  const Result<promtext::Selector> selector = promtext::Selector::Parse(selector_text);
  const Result<promtext::Selector> family = promtext::Selector::Parse(MetricName(selector_text));
  if (selector.ok() && family.ok() && after.AllOk() && scrape::SumAcross(after, *family)) {
    if (std::optional<std::string> label = LabelNoSeriesCarries(after, *selector, *family)) {
      return {0,
              judge.Inconclusive("no series of " + family->metric_name() + " carries the label \"" +
                                 *label + "\" that " + selector_text +
                                 " needs (a misspelt label?), so it cannot tell a count of 0"),
              true};
    }
    return CounterRead{};
  }
  return {0, internal::MissingData(judge, "metric " + selector_text, kMetricCheckOptionalHint),
          true};
}

Finding Judged(const Judge& judge, const MetricCheck& check, double value,
               const std::string& what) {
  const std::string stated = what + " " + Num(value, 6);
  if (config::Holds(check.comparison, value, check.bound)) {
    return judge.Pass(stated + ", as it must be (" + check.must_be + ")");
  }
  return judge.Fail(stated + ", but it must be " + check.must_be);
}

Finding IncreaseCheck(Judge& judge, const MetricCheck& check) {
  const CounterRead increase = Increase(judge, check.of);
  if (increase.problem) return *increase.problem;
  judge.Measured(increase.increase, "count").Threshold(check.bound);
  return Judged(judge, check, increase.increase, "increase of " + check.of);
}

// A share of events (the numerator's events among the denominator's, as a 5xx share of all
// requests) carries the same confidence bound as the built-in shares; any other ratio is
// judged on its value.
bool IsShare(const MetricCheck& check, double numerator, double denominator) {
  const bool whole = numerator == std::floor(numerator) && denominator == std::floor(denominator);
  return whole && numerator <= denominator && check.bound >= 0 && check.bound <= 1;
}

Finding ShareCheck(Judge& judge, const MetricCheck& check, double numerator, double denominator) {
  const double share = numerator / denominator;
  const bool upper = UpperBound(check.comparison);
  // A lower bound on the share is an upper bound on its complement (as WriteThroughResultsOk).
  internal::RateQuestion question = internal::CounterShare(
      upper ? numerator : denominator - numerator, denominator,
      upper ? check.bound : 1 - check.bound,
      upper ? internal::RateWords{"matching event", "matching events", "counted events", ""}
            : internal::RateWords{"event outside the share", "events outside the share",
                                  "counted events", " a complement share"});
  question.strict =
      check.comparison == Comparison::kBelow || check.comparison == Comparison::kAbove;
  Evidence evidence = internal::RateEvidence(question, judge.slos().rules.confidence);
  if (!upper && evidence.bound) evidence.bound = 1 - *evidence.bound;
  judge.WithEvidence(evidence);
  const std::string measured = "share " + check.of + " / " + check.over + " " +
                               internal::Percent(share) + " (" + Num(numerator, 0) + " of " +
                               Num(denominator, 0) + ")";
  if (!config::Holds(check.comparison, share, check.bound)) {
    return judge.Fail(measured + ", but it must be " + check.must_be);
  }
  return internal::ShareWithin(
      judge, evidence,
      Num(numerator, 0) + " of " + Num(denominator, 0) + " bound the share at " +
          (upper ? "" : std::string(config::ComparisonText(check.comparison)) + " "),
      check.bound,
      measured + " " + std::string(config::ComparisonText(check.comparison)) + " " +
          internal::Percent(check.bound));
}

Finding RatioCheck(Judge& judge, const MetricCheck& check) {
  const CounterRead denominator = Increase(judge, check.over);
  if (denominator.problem) return *denominator.problem;
  const CounterRead numerator = Increase(judge, check.of);
  if (numerator.problem) return *numerator.problem;
  judge.Threshold(check.bound)
      .Add("numerator", numerator.increase, "count")
      .Add("denominator", denominator.increase, "count");
  if (denominator.increase <= 0) {
    return judge.Inconclusive(check.over + " did not increase during the run (+" +
                              Num(denominator.increase, 0) + "); the ratio is undefined");
  }
  const double ratio = numerator.increase / denominator.increase;
  if (IsShare(check, numerator.increase, denominator.increase)) {
    judge.Measured(ratio, "ratio");  // shown as a percentage
    return ShareCheck(judge, check, numerator.increase, denominator.increase);
  }
  judge.Measured(ratio, "");  // a plain number, not a share of anything
  return Judged(judge, check, ratio,
                "ratio of increases " + check.of + " / " + check.over + " (" +
                    Num(numerator.increase, 6) + " / " + Num(denominator.increase, 6) +
                    ", a ratio, not a share: no confidence bound applies)");
}

// The value that decides the check: the largest for an upper bound, the smallest for a lower.
struct GaugeReading {
  std::optional<double> worst;
  double worst_offset_seconds = 0;  // since the run's start
  size_t readings = 0;
  // Moments the gauge could not be read (a failed scrape, no series, a NaN value): a breach
  // may hide there.
  uint64_t unread = 0;
  bool scrape_failed = false;  // some of those were failed scrapes, not an absent gauge
  std::string last_error;
};

void Consider(GaugeReading& reading, const MetricCheck& check, double value, double offset) {
  if (!std::isfinite(value)) {
    ++reading.unread;
    reading.last_error = "the gauge read " + Num(value, 0) + " at +" + Num(offset, 2) + " s";
    return;
  }
  ++reading.readings;
  const bool worse = !reading.worst || (UpperBound(check.comparison) ? value > *reading.worst
                                                                     : value < *reading.worst);
  if (worse) {
    reading.worst = value;
    reading.worst_offset_seconds = offset;
  }
}

GaugeReading ReadGauge(const Observations& observations, const MetricCheck& check) {
  GaugeReading reading;
  const auto offset = [&](scrape::WallTime at) {
    return std::chrono::duration<double>(at - observations.run.started_at).count();
  };
  // Every moment the gauge was looked for and not seen is a gap: a failed scrape, a series
  // absent then (not yet created, or gone), points the sampler dropped to bound its memory.
  const auto gap = [&reading](std::string why) {
    ++reading.unread;
    reading.last_error = std::move(why);
  };
  if (const scrape::SampledSeries* series = observations.FindSeries(check.of)) {
    for (const scrape::SamplePoint& point : series->points) {
      if (point.value) {
        Consider(reading, check, *point.value, offset(point.at));
      } else {
        reading.scrape_failed = reading.scrape_failed || !point.error.empty();
        gap(point.error.empty() ? "no series matched at +" + Num(offset(point.at), 2) + " s"
                                : point.error);
      }
    }
    if (series->dropped_points > 0) {
      gap("samples dropped to bound memory");
      reading.unread += series->dropped_points - 1;
    }
  }
  Result<promtext::Selector> selector = promtext::Selector::Parse(check.of);
  if (std::optional<Error> failure = scrape::FirstFailure(observations.after)) {
    reading.scrape_failed = true;
    gap(failure->message);
  } else if (selector.ok() && !observations.after.endpoints.empty()) {
    if (std::optional<double> after = scrape::SumAcross(observations.after, *selector)) {
      Consider(reading, check, *after, offset(observations.after.taken_at));
    } else {
      gap("no series matched in the final scrape");
    }
  }
  return reading;
}

Finding GaugeCheck(Judge& judge, const MetricCheck& check) {
  const Observations& observations = judge.observations();
  if (auto problem = internal::PrometheusProblem(judge, MetricName(check.of))) return *problem;
  const GaugeReading reading = ReadGauge(observations, check);
  if (!reading.worst) {
    if (reading.scrape_failed) {
      return judge.Inconclusive("gauge " + check.of + " could not be read: " + reading.last_error);
    }
    return internal::MissingData(judge, "gauge " + check.of, kMetricCheckOptionalHint);
  }
  judge.Measured(*reading.worst, "")
      .Threshold(check.bound)
      .Add("readings", static_cast<double>(reading.readings), "count");
  const std::string what = std::string(UpperBound(check.comparison) ? "highest" : "lowest") +
                           " of " + std::to_string(reading.readings) + " readings of gauge " +
                           check.of + " (at +" + Num(reading.worst_offset_seconds, 2) + " s)";
  judge.Add("unread", static_cast<double>(reading.unread), "count");
  Finding finding = Judged(judge, check, *reading.worst, what);
  if (finding.outcome != Outcome::kPass || reading.unread == 0) return finding;
  return judge.Inconclusive(
      "the gauge was " + check.must_be + " at every reading, but " +
      std::to_string(reading.unread) +
      " could not be read and a breach may lie there (the last: " + reading.last_error + ")");
}

}  // namespace

Finding MetricCheckFinding(const Observations& observations, const SloSet& slos,
                           const MetricCheck& check) {
  Judge judge(check.name, observations, slos);
  if (auto problem = internal::TargetUnreachable(judge)) return *problem;
  if (auto problem = internal::GeneratorBehind(judge)) return *problem;
  Finding finding = [&] {
    switch (check.kind) {
      case config::MetricCheckKind::kIncrease:
        return IncreaseCheck(judge, check);
      case config::MetricCheckKind::kRatio:
        return RatioCheck(judge, check);
      case config::MetricCheckKind::kGauge:
        return GaugeCheck(judge, check);
    }
    return judge.Inconclusive("unknown metric check kind");
  }();
  if (observations.prometheus.has_value()) {
    for (const std::string& selector : {check.of, check.over}) {
      if (selector.empty()) continue;
      for (const scrape::PromQuery* query :
           observations.prometheus->QueriesFor(MetricName(selector))) {
        finding.queries.push_back({query->promql, query->start, query->end, query->step});
      }
    }
  }
  return finding;
}

}  // namespace slogate::slo
