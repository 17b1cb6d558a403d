// ZeroLoss: every acknowledged write must be readable from the replica after the drain. An
// acknowledged write is an OK response; only those that came back with an event_id of their
// own can be read back, so the others are counted and keep the finding from PASS.
#include <optional>
#include <string>

#include "counters.h"
#include "slogate/common/quote.h"
#include "slogate/slo/metric_names.h"

namespace slogate::slo {
namespace {

using internal::Judge;

// The numbers behind every ZeroLoss message, in one place so each message carries them all.
struct LossCounts {
  uint64_t acknowledged = 0;  // OK responses
  uint64_t auditable = 0;     // distinct event_ids
  uint64_t without_id = 0;    // OK responses without an event_id
  uint64_t repeated = 0;      // OK responses whose event_id an earlier one already had
  const scrape::AuditResult* audit = nullptr;

  uint64_t Unauditable() const { return without_id + repeated; }

  std::string Text() const {
    return "(" + std::to_string(acknowledged) + " acknowledged, " + std::to_string(auditable) +
           " with a distinct event_id, " + std::to_string(without_id) + " without one, " +
           std::to_string(repeated) + " repeated; " + std::to_string(audit->checked) +
           " checked: " + std::to_string(audit->found) + " readable, " +
           std::to_string(audit->missing_count) + " unreadable, " +
           (audit->still_arriving ? "still arriving, " : "none still arriving, ") +
           std::to_string(audit->errors) + " audit errors" +
           (audit->unchecked > 0 ? ", " + std::to_string(audit->unchecked) + " unanswered" : "") +
           ")";
  }
};

LossCounts CountsOf(const Observations& observations) {
  const load::RunResult& run = observations.run;
  LossCounts counts;
  counts.acknowledged = run.ok;
  counts.auditable = run.event_ids.size();
  counts.without_id = run.ok_without_event_id;
  counts.repeated = run.duplicate_event_ids;
  counts.audit = &*observations.audit;
  return counts;
}

void AddMeasurements(Judge& judge, const LossCounts& counts) {
  const scrape::AuditResult& audit = *counts.audit;
  judge.Add("acknowledged", static_cast<double>(counts.acknowledged), "count")
      .Add("auditable", static_cast<double>(counts.auditable), "count")
      .Add("without_event_id", static_cast<double>(counts.without_id), "count")
      .Add("duplicate_event_ids", static_cast<double>(counts.repeated), "count")
      .Add("checked", static_cast<double>(audit.checked), "count")
      .Add("found", static_cast<double>(audit.found), "count")
      .Add("missing", static_cast<double>(audit.missing_count), "count")
      .Add("still_arriving", audit.still_arriving ? 1 : 0, "bool")
      .Add("audit_errors", static_cast<double>(audit.errors), "count");
}

// Every auditable id was checked and found, yet fewer events were replicated over the run than
// writes were acknowledged: the difference never reached the replica. Nullopt when the counts
// cannot show that (nothing unauditable, the counter unreadable, a sampled audit).
std::optional<Finding> ProvenLoss(Judge& judge, const LossCounts& counts) {
  const scrape::AuditResult& audit = *counts.audit;
  if (counts.Unauditable() == 0 || audit.checked != counts.auditable ||
      audit.found != audit.checked) {
    return std::nullopt;
  }
  const internal::CounterRead events = internal::ReadIncrease(judge, kReplicatorEvents);
  if (events.problem) return std::nullopt;
  judge.Add("replicated_events", events.increase, "count");
  const double acknowledged = static_cast<double>(counts.acknowledged);
  if (events.increase >= acknowledged) return std::nullopt;
  const double lost = acknowledged - events.increase;
  judge.Measured(lost, "events");
  return judge.Fail(
      "at least " + internal::Num(lost, 0) +
      " acknowledged writes never reached the replica: " + internal::Num(events.increase, 0) +
      " events replicated over the run (" + std::string(kReplicatorEvents) +
      ", every endpoint and result) for " + std::to_string(counts.acknowledged) +
      " acknowledged writes, and every auditable event_id was readable " + counts.Text());
}

// An audit cut short, by a signal or by its cap, settles nothing: the ids it did not get to
// may or may not have been replicated, and the 404s had less than the drain to turn up.
std::optional<Finding> CutShortAudit(const Judge& judge, const Observations& observations,
                                     const LossCounts& counts) {
  const scrape::AuditResult& audit = *counts.audit;
  const std::string checked = std::to_string(audit.checked - audit.unchecked) + " of " +
                              std::to_string(audit.checked) + " ids checked";
  if (audit.interrupted) {
    const std::string by =
        observations.stop_signal.empty() ? "" : " by " + observations.stop_signal;
    const std::string during = observations.stopped_during.empty()
                                   ? std::string("the audit")
                                   : observations.stopped_during;
    return judge.Inconclusive("interrupted" + by + " during " + during + ": " + checked +
                              "; rerun without interruption to settle " + counts.Text());
  }
  if (audit.unchecked == 0) return std::nullopt;
  std::string why = "the audit reached its cap, max_drain_period (" +
                    internal::SecondsText(static_cast<double>(audit.drained_for.count()) / 1000) +
                    "), with " + checked;
  if (!audit.first_error.empty()) why += " (first error: " + audit.first_error + ")";
  return judge.Inconclusive(why +
                            ": the audit endpoint answered too slowly to settle ZeroLoss; "
                            "rerun once it answers promptly, or raise max_drain_period " +
                            counts.Text());
}

}  // namespace

Finding ZeroLoss(const Observations& observations, const SloSet& slos) {
  Judge judge("ZeroLoss", observations, slos);
  if (auto problem = internal::WritePathGate(judge)) return *problem;
  judge.Threshold(0);
  if (!observations.audit.has_value()) {
    return internal::MissingData(judge, "the zero-loss audit (set AUDIT_URL_TEMPLATE)");
  }
  const scrape::AuditResult& audit = *observations.audit;
  const LossCounts counts = CountsOf(observations);
  AddMeasurements(judge, counts);
  if (audit.checked == 0) {
    return judge.Inconclusive("no acknowledged event_id was audited (" +
                              std::to_string(observations.run.ok) + " OK responses, " +
                              std::to_string(audit.acknowledged) + " event_ids captured) " +
                              counts.Text());
  }
  if (auto cut_short = CutShortAudit(judge, observations, counts)) return *cut_short;
  judge.Measured(static_cast<double>(audit.missing_count), "events");
  const std::string scope =
      std::to_string(audit.checked) +
      (audit.checked < audit.acknowledged ? " sampled of " + std::to_string(audit.acknowledged)
                                          : "") +
      " acknowledged events";
  if (audit.missing_count > 0) {
    // A few ids to look up, quoted: they are the target's text.
    constexpr size_t kExamples = 3;
    std::string examples;
    for (size_t i = 0; i < audit.missing.size() && i < kExamples; ++i) {
      examples += (examples.empty() ? "" : ", ") + QuoteForMessage(audit.missing[i]);
    }
    if (audit.still_arriving) {
      return judge.Inconclusive(
          std::to_string(audit.missing_count) + " of " + scope +
          " not readable yet when the audit stopped after " +
          internal::SecondsText(static_cast<double>(audit.drained_for.count()) / 1000) +
          ", but they were still turning up: a replication backlog, not a proven loss "
          "(ReplicationLag judges the delay; raise max_drain_period to wait longer; e.g. " +
          examples + ") " + counts.Text());
    }
    return judge.Fail(std::to_string(audit.missing_count) + " of " + scope +
                      " not readable from the replica after the drain period (e.g. " + examples +
                      ") " + counts.Text());
  }
  if (auto loss = ProvenLoss(judge, counts)) return *loss;
  if (counts.Unauditable() > 0) {
    return judge.Inconclusive(
        std::to_string(counts.without_id) + " of " + std::to_string(counts.acknowledged) +
        " acknowledged writes carried no event_id and " + std::to_string(counts.repeated) +
        " a repeated one: they cannot be read back " + counts.Text());
  }
  if (audit.errors > 0) {
    return judge.Inconclusive(std::to_string(audit.errors) + " of " + scope +
                              " could not be audited (first error: " + audit.first_error + ") " +
                              counts.Text());
  }
  return judge.Pass("all " + scope + " readable from the replica after the drain period " +
                    counts.Text());
}

}  // namespace slogate::slo
