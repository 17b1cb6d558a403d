#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "slogate/scrape/prometheus_types.h"

namespace slogate::scrape {
namespace {

using std::chrono::milliseconds;
using ::testing::HasSubstr;

const WallTime kRunStart{std::chrono::seconds(1'700'000'000)};
const WallTime kRunEnd = kRunStart + std::chrono::seconds(30);

PromQuery RawSamples(std::string metric, std::string purpose) {
  return PromQuery{
      metric, metric + "{job=\"gw\"}[30s]", kRunStart, kRunEnd, milliseconds(0), std::move(purpose)};
}

// A gauge read at the run's edges and as a sampled series runs the same expression twice:
// a reviewer is shown it once, with both reasons.
TEST(PrometheusEvidenceTest, TheSameQueryOfAMetricIsRecordedOnceWithEveryPurpose) {
  PrometheusEvidence evidence;
  evidence.Record(RawSamples("gateway_dlq_depth", "the edges"));
  evidence.Record(RawSamples("gateway_dlq_depth", "the sampled series"));
  const auto queries = evidence.QueriesFor("gateway_dlq_depth");
  ASSERT_EQ(queries.size(), 1u);
  EXPECT_EQ(queries[0]->purpose, "the edges; also the sampled series");
}

TEST(PrometheusEvidenceTest, QueriesDifferingInMetricExpressionRangeOrStepAreAllKept) {
  PrometheusEvidence evidence;
  const PromQuery base = RawSamples("gateway_dlq_depth", "base");
  PromQuery other_metric = base;
  other_metric.metric = "up";
  PromQuery other_expression = base;
  other_expression.promql += " > 0";
  PromQuery other_start = base;
  other_start.start -= milliseconds(1);
  PromQuery other_end = base;
  other_end.end += milliseconds(1);
  PromQuery ranged = base;
  ranged.step = milliseconds(100);
  for (const PromQuery& query :
       {base, other_metric, other_expression, other_start, other_end, ranged}) {
    evidence.Record(query);
  }
  ASSERT_EQ(evidence.queries.size(), 6u);
  EXPECT_EQ(evidence.QueriesFor("gateway_dlq_depth").size(), 5u);
  for (const PromQuery& query : evidence.queries)
    EXPECT_THAT(query.purpose, ::testing::Not(HasSubstr("also")));
}

}  // namespace
}  // namespace slogate::scrape
