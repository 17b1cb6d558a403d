#include "slogate/slo/finding.h"

#include <algorithm>

#include "judge.h"
#include "proof.h"
#include "slogate/config/config.h"

namespace slogate::slo {

std::string MessageBody(const Finding& finding) {
  std::string_view body = finding.message;
  const std::string heading =
      internal::FindingHeading(finding.slo, finding.outcome, finding.profile, finding.environment);
  if (body.starts_with(heading)) body.remove_prefix(heading.size());
  if (finding.outcome == Outcome::kPass && finding.evidence) {
    const std::string note = internal::PointEstimateNote(*finding.evidence);
    if (!note.empty() && body.ends_with(note)) body.remove_suffix(note.size());
  }
  return std::string(body);
}

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kPass:
      return "PASS";
    case Outcome::kFail:
      return "FAIL";
    case Outcome::kInconclusive:
      return "INCONCLUSIVE";
    case Outcome::kSkipped:
      return "SKIPPED";
  }
  return "INCONCLUSIVE";
}

const Finding* Verdict::Find(std::string_view slo) const {
  const auto found = std::find_if(findings.begin(), findings.end(),
                                  [&](const Finding& finding) { return finding.slo == slo; });
  return found == findings.end() ? nullptr : &*found;
}

Outcome CombineOutcomes(const std::vector<Finding>& findings) {
  const auto any = [&](Outcome outcome) {
    return std::any_of(findings.begin(), findings.end(),
                       [&](const Finding& finding) { return finding.outcome == outcome; });
  };
  if (any(Outcome::kFail)) return Outcome::kFail;
  if (any(Outcome::kInconclusive)) return Outcome::kInconclusive;
  return Outcome::kPass;
}

const std::vector<std::string>& SloNames() {
  static const std::vector<std::string> names(config::kSloNames.begin(), config::kSloNames.end());
  return names;
}

Finding UnmeasuredFinding(std::string_view slo, std::string_view profile,
                          std::string_view environment, std::string_view reason) {
  Finding finding;
  finding.slo = std::string(slo);
  finding.outcome = Outcome::kInconclusive;
  finding.profile = std::string(profile);
  finding.environment = std::string(environment);
  finding.message =
      internal::FindingMessage(slo, Outcome::kInconclusive, profile, environment,
                               "the run could not be measured: " + std::string(reason));
  return finding;
}

Verdict UnmeasuredVerdict(std::string_view profile, std::string_view environment,
                          std::string_view reason, const std::vector<std::string>& extra) {
  Verdict verdict;
  for (const std::vector<std::string>* names : {&SloNames(), &extra}) {
    for (const std::string& name : *names) {
      verdict.findings.push_back(UnmeasuredFinding(name, profile, environment, reason));
    }
  }
  verdict.overall = CombineOutcomes(verdict.findings);
  return verdict;
}

std::string EarlyStopText(const EarlyStop& stop) {
  return "aborted at +" + internal::SecondsText(internal::ToSeconds(stop.at)) + ": " + stop.slo +
         ": " + stop.reason;
}

}  // namespace slogate::slo
