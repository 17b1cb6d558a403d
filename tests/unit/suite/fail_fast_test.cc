// FailFast: the live counts reach slo::CertainBreach, a certain breach sets the abort flag once
// and is kept, and the caller's own progress callback still runs.
#include "fail_fast.h"

#include <gtest/gtest.h>

namespace slogate::suite {
namespace {

using std::chrono::seconds;

load::LoadOptions ConstantOptions(load::ScheduleKind kind) {
  load::LoadOptions options;
  options.target_url = "http://127.0.0.1:9";
  options.schedule.kind = kind;
  options.schedule.rps = 10;
  options.schedule.duration = seconds(60);
  options.concurrency = 20;
  return options;
}

slo::SloSet AbortAfter(seconds grace) {
  slo::SloSet slos;
  slos.rules.abort_on_breach.enabled = true;
  slos.rules.abort_on_breach.grace = grace;
  return slos;
}

load::Progress ErrorsAt(seconds elapsed, uint64_t errors) {
  load::Progress progress;
  progress.elapsed = elapsed;
  progress.sent = progress.completed = progress.errors = errors;
  return progress;
}

TEST(PlannedArrivalsAtMostTest, AConstantScheduleSendsItsRateIntegralWithinOne) {
  EXPECT_EQ(PlannedArrivalsAtMost(ConstantOptions(load::ScheduleKind::kConstant)), 601u);
}

TEST(PlannedArrivalsAtMostTest, APoissonScheduleAllowsFiveStandardDeviations) {
  // 600 + 5 x sqrt(600) + 1 = 723.5
  EXPECT_EQ(PlannedArrivalsAtMost(ConstantOptions(load::ScheduleKind::kPoisson)), 724u);
}

TEST(FailFastTest, ACertainBreachSetsTheAbortFlagAndIsKept) {
  FailFast fail_fast("soak", AbortAfter(seconds(10)),
                     ConstantOptions(load::ScheduleKind::kConstant), true, nullptr);
  int chained = 0;
  load::RunHooks caller;
  caller.on_progress = [&chained](const load::Progress&) { ++chained; };
  const load::RunHooks hooks = fail_fast.Hooks(caller);
  ASSERT_NE(hooks.abort, nullptr);

  hooks.on_progress(ErrorsAt(seconds(5), 100));  // within the grace period
  EXPECT_FALSE(hooks.abort->load());
  hooks.on_progress(ErrorsAt(seconds(11), 2));  // 601 planned may have 3 errors
  EXPECT_FALSE(hooks.abort->load());
  hooks.on_progress(ErrorsAt(seconds(12), 4));
  EXPECT_TRUE(hooks.abort->load());
  ASSERT_TRUE(fail_fast.early_stop().has_value());
  EXPECT_EQ(fail_fast.early_stop()->slo, "ErrorRate");
  EXPECT_EQ(fail_fast.early_stop()->at, seconds(12));
  hooks.on_progress(ErrorsAt(seconds(13), 50));  // the first breach stays the one reported
  EXPECT_EQ(fail_fast.early_stop()->at, seconds(12));
  EXPECT_EQ(chained, 4);
}

}  // namespace
}  // namespace slogate::suite
