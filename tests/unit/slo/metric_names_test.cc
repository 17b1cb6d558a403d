// The table of the metrics each SLO reads, and the list a Prometheus-sourced run asks for.
#include "slogate/slo/metric_names.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "slogate/config/config.h"

namespace slogate::slo {
namespace {

using ::testing::ElementsAre;

TEST(MetricNamesTest, EverySloInTheTableIsAnSlo) {
  for (const SloMetrics& entry : kSloMetrics) {
    EXPECT_THAT(config::kSloNames, ::testing::Contains(entry.slo));
  }
}

TEST(MetricNamesTest, MetricsReadByListsOneSlosMetrics) {
  EXPECT_THAT(MetricsReadBy("ReplicationLag"),
              ElementsAre(kReplicatorLag, kReplicatorEvents, kWalResults));
  EXPECT_THAT(MetricsReadBy("DlqDepth"), ElementsAre(kDlqDepth));
  EXPECT_TRUE(MetricsReadBy("ErrorRate").empty());
  EXPECT_TRUE(MetricsReadBy("LatencyP95").empty());
}

TEST(MetricNamesTest, MetricsReadNamesEachMetricOnce) {
  EXPECT_THAT(MetricsRead(),
              ElementsAre(kWriteThroughAttempts, kWriteThroughResults, kWalResults, kReplicatorLag,
                          kReplicatorEvents, kDlqDepth, kRequestSecondsCount,
                          kRequestSecondsBucket));
}

// Every sampled selector's family is read by some SLO, so its queries reach a finding.
TEST(MetricNamesTest, EverySampledFamilyIsRead) {
  const std::vector<std::string> read = MetricsRead();
  for (const SampledMetric& sampled : kSampledMetrics) {
    const std::string family(sampled.selector.substr(0, sampled.selector.find('{')));
    EXPECT_THAT(read, ::testing::Contains(family));
  }
}

}  // namespace
}  // namespace slogate::slo
