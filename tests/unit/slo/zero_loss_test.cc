// ZeroLoss: the audit of acknowledged writes, and the writes that cannot be audited.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "observations_builder.h"

namespace slogate::slo {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using namespace slogate::testing;

scrape::AuditResult Audit(uint64_t acknowledged, uint64_t checked, uint64_t found, uint64_t missing,
                          uint64_t errors) {
  scrape::AuditResult audit;
  audit.acknowledged = acknowledged;
  audit.checked = checked;
  audit.found = found;
  audit.missing_count = missing;
  for (uint64_t i = 0; i < std::min<uint64_t>(missing, 2); ++i) {
    audit.missing.push_back("event-" + std::to_string(i));
  }
  audit.errors = errors;
  if (errors > 0) audit.first_error = "http://127.0.0.1:8010/v1/admin/memory/event-9: HTTP 500";
  return audit;
}

TEST(ZeroLossTest, EveryAcknowledgedEventFoundPasses) {
  const Finding finding = ZeroLoss(Healthy(), DefaultSlos());
  EXPECT_EQ(finding.message,
            "ZeroLoss PASS (profile smoke, env local): all 200 acknowledged events readable from "
            "the replica after the drain period (200 acknowledged, 200 with a distinct event_id, "
            "0 without one, 0 repeated; 200 checked: 200 readable, 0 unreadable, none still "
            "arriving, 0 audit errors)");
  EXPECT_EQ(finding.measured, 0);
}

TEST(ZeroLossTest, SampledAuditSaysSo) {
  Observations observations = Healthy();
  observations.audit = Audit(5000, 500, 500, 0, 0);
  EXPECT_THAT(ZeroLoss(observations, DefaultSlos()).message,
              HasSubstr("all 500 sampled of 5000 acknowledged events readable"));
}

TEST(ZeroLossTest, OneMissingEventFails) {
  Observations observations = Healthy();
  observations.audit = Audit(200, 200, 199, 1, 0);
  const Finding finding = ZeroLoss(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail);
  EXPECT_THAT(finding.message,
              StartsWith("ZeroLoss FAIL (profile smoke, env local): 1 of 200 acknowledged events "
                         "not readable from the replica after the drain period (e.g. \"event-0\") "
                         "(200 acknowledged, "));
  EXPECT_THAT(finding.message, HasSubstr("199 readable, 1 unreadable"));
  EXPECT_EQ(finding.measured, 1);
}

TEST(ZeroLossTest, MissingIdsStillTurningUpAreABacklogNotALoss) {
  Observations observations = Healthy();
  observations.audit = Audit(200, 200, 150, 50, 0);
  observations.audit->still_arriving = true;
  observations.audit->drained_for = std::chrono::milliseconds(30000);
  const Finding finding = ZeroLoss(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message,
              HasSubstr("50 of 200 acknowledged events not readable yet when the audit stopped "
                        "after 30 s, but they were still turning up: a replication backlog"));
}

TEST(ZeroLossTest, AnInterruptedAuditIsInconclusiveAndSaysHowFarItGot) {
  Observations observations = Healthy();
  // 40 found, 10 still 404 when the signal came, 150 never answered: not a loss, not a pass.
  observations.audit = Audit(200, 200, 40, 10, 0);
  observations.audit->unchecked = 150;
  observations.audit->interrupted = true;
  observations.stop_signal = "SIGINT";
  const Finding finding = ZeroLoss(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message,
              HasSubstr("interrupted by SIGINT during the audit: 50 of 200 ids checked; rerun "
                        "without interruption to settle (200 acknowledged"));
  EXPECT_THAT(finding.message, HasSubstr("10 unreadable, none still arriving, 0 audit errors, "
                                         "150 unanswered)"));
}

TEST(ZeroLossTest, AnAuditCutByItsCapIsInconclusiveNotAPass) {
  Observations observations = Healthy();
  observations.audit = Audit(200, 200, 16, 0, 0);
  observations.audit->unchecked = 184;
  observations.audit->drained_for = std::chrono::milliseconds(3000);
  const Finding finding = ZeroLoss(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message,
              HasSubstr("the audit reached its cap, max_drain_period (3 s), with 16 of 200 ids "
                        "checked: the audit endpoint answered too slowly to settle ZeroLoss"));
}

TEST(ZeroLossTest, MissingBeatsAuditErrors) {
  Observations observations = Healthy();
  observations.audit = Audit(200, 200, 190, 5, 5);
  EXPECT_EQ(ZeroLoss(observations, DefaultSlos()).outcome, Outcome::kFail);
}

TEST(ZeroLossTest, AuditErrorsWithoutMissingAreInconclusive) {
  Observations observations = Healthy();
  observations.audit = Audit(200, 200, 197, 0, 3);
  const Finding finding = ZeroLoss(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("3 of 200 acknowledged events could not be audited "
                                         "(first error: http://127.0.0.1:8010/v1/admin/memory/"
                                         "event-9: HTTP 500)"));
}

TEST(ZeroLossTest, NothingAuditedIsInconclusive) {
  Observations observations = Healthy();
  observations.audit = Audit(0, 0, 0, 0, 0);
  const Finding finding = ZeroLoss(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive);
  EXPECT_THAT(finding.message, HasSubstr("200 OK responses, 0 event_ids captured"));
}

TEST(ZeroLossTest, NoAuditConfiguredIsMissingData) {
  Observations observations = Healthy();
  observations.audit.reset();
  const Finding required = ZeroLoss(observations, DefaultSlos());
  EXPECT_EQ(required.outcome, Outcome::kInconclusive);
  EXPECT_THAT(required.message, HasSubstr("set AUDIT_URL_TEMPLATE"));
  SloSet slos = DefaultSlos();
  slos.checks.by_slo["ZeroLoss"] = config::Requirement::kOptional;
  EXPECT_EQ(ZeroLoss(observations, slos).outcome, Outcome::kSkipped);
}

// 600 acknowledged writes, 570 of them with a distinct event_id, every one of those read back.
Observations ThirtyWithoutAnId() {
  Observations observations = Healthy();
  load::RunResult& run = observations.run;
  run = SteadyRun(30, 20);
  run.event_ids.resize(570);
  run.ok_without_event_id = 30;
  observations.audit = Audit(570, 570, 570, 0, 0);
  return observations;
}

// The replicator counted `events` over the run.
void ReplicatedOverTheRun(Observations& observations, double events) {
  GatewayCounters before;
  before.attempts = before.results_ok = before.wal_ok = before.replicator_events = 1000;
  GatewayCounters after = before;
  after.attempts = after.results_ok = after.wal_ok = 1600;
  after.replicator_events = 1000 + events;
  observations.before = SetFrom(Exposition(before), -1s);
  observations.after = SetFrom(Exposition(after), 26s);
}

TEST(ZeroLossTest, WritesWithoutAnEventIdKeepItFromPass) {
  Observations observations = ThirtyWithoutAnId();
  ReplicatedOverTheRun(observations, 600);
  const Finding finding = ZeroLoss(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message,
              HasSubstr("30 of 600 acknowledged writes carried no event_id and 0 a repeated "
                        "one: they cannot be read back (600 acknowledged, 570 with a distinct "
                        "event_id, 30 without one, 0 repeated; 570 checked: 570 readable, 0 "
                        "unreadable, none still arriving, 0 audit errors)"));
}

TEST(ZeroLossTest, RepeatedEventIdsKeepItFromPass) {
  Observations observations = ThirtyWithoutAnId();
  observations.run.ok_without_event_id = 0;
  observations.run.duplicate_event_ids = 30;
  ReplicatedOverTheRun(observations, 600);
  const Finding finding = ZeroLoss(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kInconclusive) << finding.message;
  EXPECT_THAT(finding.message, HasSubstr("0 of 600 acknowledged writes carried no event_id and "
                                         "30 a repeated one"));
}

TEST(ZeroLossTest, FewerReplicatedEventsThanAcknowledgedWritesProveALoss) {
  Observations observations = ThirtyWithoutAnId();
  ReplicatedOverTheRun(observations, 570);
  const Finding finding = ZeroLoss(observations, DefaultSlos());
  EXPECT_EQ(finding.outcome, Outcome::kFail) << finding.message;
  EXPECT_THAT(finding.message,
              StartsWith("ZeroLoss FAIL (profile smoke, env local): at least 30 acknowledged "
                         "writes never reached the replica: 570 events replicated over the run "
                         "(memory_replicator_events_total, every endpoint and result) for 600 "
                         "acknowledged writes, and every auditable event_id was readable"));
  EXPECT_EQ(finding.measured, 30);
}

TEST(ZeroLossTest, ASampledAuditProvesNoLossFromTheCounts) {
  Observations observations = ThirtyWithoutAnId();
  observations.audit = Audit(570, 500, 500, 0, 0);
  ReplicatedOverTheRun(observations, 570);
  EXPECT_EQ(ZeroLoss(observations, DefaultSlos()).outcome, Outcome::kInconclusive);
}

TEST(ZeroLossTest, EveryCountIsAMeasurement) {
  const Finding finding = ZeroLoss(ThirtyWithoutAnId(), DefaultSlos());
  std::vector<std::string> names;
  for (const Measurement& measurement : finding.measurements) names.push_back(measurement.name);
  for (const char* name : {"acknowledged", "auditable", "without_event_id", "duplicate_event_ids",
                           "checked", "found", "missing", "still_arriving", "audit_errors"}) {
    EXPECT_THAT(names, ::testing::Contains(name));
  }
}

}  // namespace
}  // namespace slogate::slo
