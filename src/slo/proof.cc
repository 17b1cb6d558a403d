#include "proof.h"

#include <algorithm>
#include <cmath>

namespace slogate::slo::internal {
namespace {

double ProvingConfidence(double confidence) {
  return confidence > 0 ? confidence : kProofConfidence;
}

std::string Comparator(bool strict) { return strict ? " < " : " <= "; }

// What would prove the share within its threshold at `confidence`, for a sample this size
// shrunk by the design effect measured in it.
std::string RateNeeded(const RateQuestion& question, double confidence, double design_effect) {
  const std::string shown =
      Comparator(question.strict) + BoundPercent(question.largest_share, question.largest_share);
  const auto effective =
      static_cast<uint64_t>(std::floor(static_cast<double>(question.trials) / design_effect));
  const std::optional<uint64_t> most =
      effective == 0 ? std::nullopt
                     : stats::MostFailuresProvable(effective, question.largest_share, confidence,
                                                   question.strict);
  if (most) {
    const auto allowed =
        static_cast<uint64_t>(std::floor(static_cast<double>(*most) * design_effect));
    return std::to_string(question.trials) + " " + question.words.trials + " prove" +
           question.words.share + shown +
           (allowed == 0 ? " only with no " + question.words.failure
                         : " with at most " + std::to_string(allowed) + " " +
                               (allowed == 1 ? question.words.failure : question.words.failures));
  }
  const uint64_t fewest =
      stats::FewestTrialsWithoutFailure(question.largest_share, confidence, question.strict);
  const auto scaled = static_cast<uint64_t>(std::ceil(static_cast<double>(fewest) * design_effect));
  return std::to_string(scaled) + " " + question.words.trials + " with no " +
         question.words.failure + " would show" + question.words.share + shown;
}

Evidence BaseEvidence(uint64_t sample_size, uint64_t failures, double confidence,
                      const std::vector<stats::WindowTally>& windows) {
  Evidence evidence;
  evidence.confidence = confidence;
  evidence.sample_size = sample_size;
  evidence.failures = failures;
  if (!windows.empty()) {
    const stats::DesignEffect effect = stats::EstimateDesignEffect(windows);
    evidence.design_effect = std::max(1.0, effect.factor);
    evidence.design_effect_measured = effect.measured;
  }
  evidence.effective_sample_size = static_cast<double>(sample_size) / evidence.design_effect;
  return evidence;
}

Evidence RateEvidenceAt(const RateQuestion& question, double confidence) {
  Evidence evidence =
      BaseEvidence(question.trials, question.failures, confidence, question.windows);
  evidence.method = "clopper-pearson";
  if (confidence > 0 && question.trials > 0) {
    evidence.bound =
        stats::RateUpperBound(static_cast<double>(question.failures) / evidence.design_effect,
                              evidence.effective_sample_size, confidence);
  }
  if (evidence.point_estimate() && question.trials > 0) {
    // Say whether the run's own numbers would have been proof, not only what a run would need.
    Evidence at_proof = evidence;
    at_proof.bound = stats::RateUpperBound(
        static_cast<double>(question.failures) / evidence.design_effect,
        evidence.effective_sample_size, kProofConfidence);
    if (RateProven(at_proof, question)) {
      evidence.needed = "this run's own numbers would prove it too (upper bound " +
                        BoundPercent(*at_proof.bound, question.largest_share) + ")";
      return evidence;
    }
  }
  if (!RateProven(evidence, question)) {
    evidence.needed = RateNeeded(question, ProvingConfidence(confidence), evidence.design_effect);
  }
  return evidence;
}

}  // namespace

bool RateProven(const Evidence& evidence, const RateQuestion& question) {
  if (!evidence.bound) return false;
  return question.strict ? *evidence.bound < question.largest_share
                         : *evidence.bound <= question.largest_share;
}

uint64_t FewestForP95(double confidence, double design_effect) {
  // The largest value bounds the p95 once 1 - 0.95^n reaches the confidence.
  const double independent = std::ceil(std::log(1 - confidence) / std::log(0.95));
  return static_cast<uint64_t>(std::ceil(independent * design_effect));
}

namespace {

Evidence QuantileEvidenceAt(const QuantileQuestion& question, double confidence) {
  const uint64_t n = question.values->count();
  Evidence evidence = BaseEvidence(n, question.slow, confidence, question.windows);
  evidence.method = "order-statistic";
  if (confidence > 0) {
    if (auto bound =
            stats::QuantileUpperBound(*question.values, 0.95, confidence, evidence.design_effect)) {
      evidence.bound = ToMillis(*bound);
    }
  }
  const bool proven = evidence.bound && *evidence.bound < ToMillis(question.threshold);
  if (proven) return evidence;
  const double proving = ProvingConfidence(confidence);
  if (evidence.point_estimate()) {
    // Say whether the run's own numbers would have been proof, not only what a run would need.
    const auto at_proof =
        stats::QuantileUpperBound(*question.values, 0.95, proving, evidence.design_effect);
    if (at_proof && *at_proof < question.threshold) {
      evidence.needed =
          "this run's own numbers would prove it too (upper bound " + Millis(*at_proof) + ")";
      return evidence;
    }
  }
  const std::optional<uint64_t> rank =
      stats::QuantileUpperRank(n, 0.95, proving, evidence.design_effect);
  if (!rank) {
    evidence.needed = "at least " + std::to_string(FewestForP95(proving, evidence.design_effect)) +
                      " OK responses are needed to bound a p95 at " + ConfidenceText(proving);
  } else {
    evidence.needed = std::to_string(n) + " OK responses prove p95 < " +
                      Millis(question.threshold) + " with at most " + std::to_string(n - *rank) +
                      " of them at or above it";
  }
  return evidence;
}

// A point estimate's `needed` is stated at kProofConfidence, and says so: the level travels
// with the text into every output (the console's footnote, JUnit, HTML).
Evidence WithLevelOfNeeded(Evidence evidence) {
  if (evidence.point_estimate() && !evidence.needed.empty()) {
    evidence.needed = "at " + ConfidenceText(kProofConfidence) + ", " + evidence.needed;
  }
  return evidence;
}

}  // namespace

Evidence RateEvidence(const RateQuestion& question, double confidence) {
  return WithLevelOfNeeded(RateEvidenceAt(question, confidence));
}

Evidence QuantileEvidence(const QuantileQuestion& question, double confidence) {
  return WithLevelOfNeeded(QuantileEvidenceAt(question, confidence));
}

std::string ConfidenceText(double confidence) { return Num(confidence * 100, 2) + "% confidence"; }

std::string BoundPercent(double bound, double threshold) {
  const double percent = bound * 100;
  // Near 100% (an ok share) the digits that matter are those of the distance to it.
  const double distance = bound > 0.5 ? 100 - percent : percent;
  const int magnitude = distance > 0 ? static_cast<int>(std::floor(std::log10(distance))) : 0;
  int decimals = std::max(0, 1 - magnitude);
  // Never print a bound over the threshold as the threshold itself.
  while (decimals < 6 && bound != threshold &&
         Num(percent, decimals) == Num(threshold * 100, decimals)) {
    ++decimals;
  }
  return Num(percent, decimals) + "%";
}

std::string DesignEffectText(const Evidence& evidence, std::string_view unmeasured) {
  if (!evidence.design_effect_measured) {
    return "independence assumed (" + std::string(unmeasured) + ")";
  }
  return "design effect " + Num(evidence.design_effect, 2) + " measured across seconds (" +
         Num(evidence.effective_sample_size, 0) + " effective of " +
         std::to_string(evidence.sample_size) + ")";
}

std::string PointEstimateNote(const Evidence& evidence) {
  if (!evidence.point_estimate()) return "";
  return "; a point estimate, not proof (confidence \"none\"): " + evidence.needed;
}

namespace {

// Callers pass finite counts (counters.h refuses others); anything else counts as none rather
// than as whatever llround makes of it.
uint64_t Whole(double count) {
  if (!std::isfinite(count) || count <= 0) return 0;
  constexpr double kLargest = 9e18;  // within int64_t, where llround is defined
  return static_cast<uint64_t>(std::llround(std::min(count, kLargest)));
}

constexpr std::string_view kTotalsOnly = "counter totals have no time structure";

}  // namespace

RateQuestion CounterShare(double failures, double trials, double largest_share, RateWords words) {
  RateQuestion question;
  question.trials = Whole(trials);
  question.failures = std::min(Whole(failures), question.trials);
  question.largest_share = largest_share;
  question.strict = false;
  question.words = std::move(words);
  return question;
}

Finding ShareWithin(const Judge& judge, const Evidence& evidence, const std::string& counted,
                    double threshold, const std::string& measured) {
  if (evidence.point_estimate()) return judge.Pass(measured + PointEstimateNote(evidence));
  if (!evidence.bound) {  // under one result counted: nothing to bound
    return judge.Unproven("not enough results to tell: " + evidence.needed + "; measured " +
                          measured);
  }
  const std::string bounded = counted + BoundPercent(*evidence.bound, threshold);
  const std::string tail =
      " (" + ConfidenceText(evidence.confidence) + "); " + DesignEffectText(evidence, kTotalsOnly);
  if (evidence.needed.empty()) return judge.Pass(measured + "; proven: " + bounded + tail);
  return judge.Unproven("not enough results to tell: " + bounded + tail + "; " + evidence.needed +
                        "; measured " + measured);
}

}  // namespace slogate::slo::internal
