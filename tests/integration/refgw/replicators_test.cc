// slogate_refgw with two replicators: a metrics port each, writes partitioned by event id, and
// the replicator faults aimed at one of them (stop, hold, lying lag gauges).
#include <set>
#include <thread>

#include "refgw/store/store.h"
#include "refgw_fixture.h"

namespace slogate::testing {
namespace {

using nlohmann::json;
using refgw::store::PartitionOf;

const std::string kApplied = R"(memory_replicator_events_total{result="ok"})";
const std::string kLag = "memory_replicator_lag_seconds";

class ReplicatorsTest : public RefgwSuite {
 protected:
  static void SetUpTestSuite() { StartGateway({"--replicators=2"}); }

  static std::string ReplicatorMetrics(size_t replicator) {
    return Fetch("GET", process_->ReplicatorMetricsUrls().at(replicator)).body;
  }
  static double Applied(size_t replicator) {
    return SampleValue(ReplicatorMetrics(replicator), kApplied).value_or(0.0);
  }
  static std::optional<double> LagGauge(size_t replicator) {
    return SampleValue(ReplicatorMetrics(replicator), kLag);
  }
  static bool Readable(const std::string& event_id) {
    return Fetch("GET", Url("/v1/admin/memory/" + event_id)).status == 200;
  }
  // Posts messages until each partition got at least `each`; the ids, by partition.
  static std::array<std::vector<std::string>, 2> PostToBoth(size_t each,
                                                            const std::string& tenant = "t") {
    std::array<std::vector<std::string>, 2> ids;
    while (ids[0].size() < each || ids[1].size() < each) {
      const json body = {{"message", "m"}, {"metadata", {{"tenant", tenant}}}};
      HttpResult result = Post(body.dump());
      EXPECT_EQ(result.status, 200) << result.body;
      if (result.status != 200) break;
      const std::string id = json::parse(result.body)["event_id"];
      ids[PartitionOf(id, 2)].push_back(id);
    }
    return ids;
  }
  static bool AllReadable(const std::vector<std::string>& ids) {
    return Eventually([&] {
      for (const std::string& id : ids) {
        if (!Readable(id)) return false;
      }
      return true;
    });
  }
  // Waits until both replicators applied what was posted before (their counters are still).
  static void Settle() {
    PostToBoth(1);
    double seen = -1;
    ASSERT_TRUE(Eventually([&] {
      const double now = Applied(0) + Applied(1);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      const bool still = now == seen && now == Applied(0) + Applied(1);
      seen = now;
      return still;
    }));
  }
};

TEST_F(ReplicatorsTest, EachReplicatorHasItsOwnMetricsPort) {
  const std::vector<std::string> urls = process_->ReplicatorMetricsUrls();
  ASSERT_EQ(urls.size(), 2u);
  EXPECT_NE(urls[0], urls[1]);
  EXPECT_EQ(urls[0], process_->ReplicatorMetricsUrl());
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_TRUE(LagGauge(i).has_value()) << ReplicatorMetrics(i);
    EXPECT_NE(ReplicatorMetrics(i).find("memory_replicator_replication_seconds_count"),
              std::string::npos);
  }
}

TEST_F(ReplicatorsTest, EachEventIsCountedByExactlyOneReplicator) {
  Settle();
  const double before[2] = {Applied(0), Applied(1)};
  const auto ids = PostToBoth(8);
  ASSERT_TRUE(AllReadable(ids[0]));
  ASSERT_TRUE(AllReadable(ids[1]));
  const double posted = static_cast<double>(ids[0].size() + ids[1].size());
  ASSERT_TRUE(
      Eventually([&] { return Applied(0) + Applied(1) == before[0] + before[1] + posted; }));
  EXPECT_EQ(Applied(0) - before[0], static_cast<double>(ids[0].size()));
  EXPECT_EQ(Applied(1) - before[1], static_cast<double>(ids[1].size()));
}

TEST_F(ReplicatorsTest, StoppedReplicatorHoldsOnlyItsPartitionUntilTheSetIsCleared) {
  Settle();
  ASSERT_EQ(SetFaults(R"({"replicator":{"stop":true,"only":1}})").status, 200);
  const double before[2] = {Applied(0), Applied(1)};
  const auto ids = PostToBoth(4);
  ASSERT_TRUE(AllReadable(ids[0]));
  EXPECT_TRUE(
      Eventually([&] { return Applied(0) == before[0] + static_cast<double>(ids[0].size()); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a running one takes ~ms
  EXPECT_EQ(Applied(1), before[1]);
  for (const std::string& id : ids[1]) EXPECT_FALSE(Readable(id)) << id;
  ASSERT_EQ(SetFaults("{}").status, 200);
  EXPECT_TRUE(AllReadable(ids[1]));
  EXPECT_TRUE(
      Eventually([&] { return Applied(1) == before[1] + static_cast<double>(ids[1].size()); }));
}

TEST_F(ReplicatorsTest, HoldKeepsAnEventUnreadableRightAfterIts200AndHealthShowsTheWorstLag) {
  ASSERT_EQ(SetFaults(R"({"replicator":{"hold_ms":1500,"only":1}})").status, 200);
  const auto posted = std::chrono::steady_clock::now();
  const auto ids = PostToBoth(1);
  EXPECT_FALSE(Readable(ids[1].front())) << "held for 1.5 s after acceptance";
  ASSERT_TRUE(AllReadable(ids[0]));
  EXPECT_LT(std::chrono::steady_clock::now() - posted, std::chrono::milliseconds(1400))
      << "the other partition is not held";
  ASSERT_TRUE(AllReadable(ids[1]));
  EXPECT_GE(std::chrono::steady_clock::now() - posted, std::chrono::milliseconds(1400));
  json health;
  ASSERT_TRUE(Eventually([&] {
    health = json::parse(Fetch("GET", Url("/v1/health")).body);
    const std::string detail = health["components"]["memory_replicator"]["detail"];
    return std::stod(detail.substr(detail.find('=') + 1)) >= 1.4;
  })) << health.dump();
}

TEST_F(ReplicatorsTest, FixedLagGaugeReportsItsValueWhileEventsAreReadableAtOnce) {
  ASSERT_EQ(SetFaults(R"({"replicator":{"lag_gauge":{"value":5}}})").status, 200);
  EXPECT_EQ(LagGauge(0), 5.0);
  EXPECT_EQ(LagGauge(1), 5.0);
  const auto ids = PostToBoth(2);
  ASSERT_TRUE(AllReadable(ids[0]));
  ASSERT_TRUE(AllReadable(ids[1]));
  EXPECT_EQ(LagGauge(0), 5.0);
  EXPECT_EQ(LagGauge(1), 5.0);
  ASSERT_EQ(SetFaults(R"({"replicator":{"lag_gauge":{"value":0},"hold_ms":500}})").status, 200);
  const auto held = PostToBoth(1);
  ASSERT_TRUE(AllReadable(held[0]));
  ASSERT_TRUE(AllReadable(held[1]));
  EXPECT_EQ(LagGauge(0), 0.0) << "0 while every event is 0.5 s late";
}

TEST_F(ReplicatorsTest, AbsentLagGaugeIsNotExposedWhileItsReplicatorKeepsCounting) {
  Settle();
  ASSERT_EQ(SetFaults(R"({"replicator":{"lag_gauge":"absent","only":1}})").status, 200);
  const double before = Applied(1);
  const auto ids = PostToBoth(2);
  ASSERT_TRUE(AllReadable(ids[1]));
  EXPECT_TRUE(Eventually([&] { return Applied(1) >= before + 2; }));
  const std::string exposition = ReplicatorMetrics(1);
  EXPECT_EQ(SampleValue(exposition, kLag), std::nullopt) << exposition;
  EXPECT_EQ(exposition.find("memory_replicator_lag_seconds "), std::string::npos);
  EXPECT_TRUE(LagGauge(0).has_value()) << "replicator 0 is not hit";
  ASSERT_EQ(SetFaults("{}").status, 200);
  EXPECT_TRUE(LagGauge(1).has_value()) << "back once the set is cleared";
}

TEST_F(ReplicatorsTest, FrozenLagGaugeKeepsTheValueItHadWhenTheSetWasApplied) {
  Settle();
  const std::optional<double> before[2] = {LagGauge(0), LagGauge(1)};
  ASSERT_EQ(SetFaults(R"({"replicator":{"lag_gauge":"frozen","hold_ms":300}})").status, 200);
  const auto ids = PostToBoth(2);
  ASSERT_TRUE(AllReadable(ids[0]));
  ASSERT_TRUE(AllReadable(ids[1]));
  EXPECT_EQ(LagGauge(0), before[0]);
  EXPECT_EQ(LagGauge(1), before[1]);
  ASSERT_EQ(SetFaults("{}").status, 200);
  EXPECT_GE(LagGauge(0).value_or(0) + LagGauge(1).value_or(0), 0.3)
      << "the truth once cleared: the held events were 0.3 s late";
}

TEST_F(ReplicatorsTest, OnlyOutOfRangeIsRejectedNamingTheKey) {
  HttpResult rejected = SetFaults(R"({"replicator":{"stop":true,"only":2}})");
  EXPECT_EQ(rejected.status, 400);
  EXPECT_NE(json::parse(rejected.body)["detail"].get<std::string>().find(
                "'replicator.only' is 2 but the gateway runs 2"),
            std::string::npos)
      << rejected.body;
}

TEST_F(ReplicatorsTest, ExportReadsEveryPartitionEachRecordOnce) {
  const auto ids = PostToBoth(5, "export-both");
  ASSERT_TRUE(AllReadable(ids[0]));
  ASSERT_TRUE(AllReadable(ids[1]));
  HttpResult exported = Fetch("GET", Url("/v1/memory/export?tenant=export-both"));
  ASSERT_EQ(exported.status, 200);
  std::multiset<std::string> lines;
  std::istringstream stream(exported.body);
  for (std::string line; std::getline(stream, line);) {
    lines.insert(json::parse(line)["event_id"].get<std::string>());
  }
  std::multiset<std::string> expected(ids[0].begin(), ids[0].end());
  expected.insert(ids[1].begin(), ids[1].end());
  EXPECT_EQ(lines, expected);
}

}  // namespace
}  // namespace slogate::testing
