#include <gtest/gtest.h>

#include "faults.h"

namespace slogate::refgw {
namespace {

TEST(FaultSetTest, ParsesEveryFault) {
  Result<FaultSet> faults = ParseFaultSet(R"({
    "latency": {"uniform_ms": [1, 20], "fraction": 0.25, "seed": 7},
    "error": {"status": 429, "every": 10},
    "write_through_result": {"result": "client_error", "every": 3},
    "wal_fail": {"every": 5}, "outbox_fail": {"every": 1}, "dlq_poison": {"every": 100},
    "replica_drop": {"every": 1000}, "replicator": {"delay_ms": 2.5, "stall_seconds": 4},
    "metrics_down": true, "replicator_metrics_down": false})");
  ASSERT_TRUE(faults.ok()) << faults.error().message;
  ASSERT_TRUE(faults->latency.has_value());
  EXPECT_EQ(faults->latency->distribution, LatencyFault::Distribution::kUniform);
  EXPECT_EQ(faults->latency->max, std::chrono::microseconds(20000));
  EXPECT_EQ(faults->latency->selection.seed, 7u);
  EXPECT_EQ(faults->error->status, 429);
  EXPECT_EQ(faults->error->selection.every, 10u);
  EXPECT_EQ(faults->write_through_result->result, "client_error");
  EXPECT_EQ(faults->wal_fail_every, 5u);
  EXPECT_EQ(faults->outbox_fail_every, 1u);
  EXPECT_EQ(faults->dlq_poison_every, 100u);
  EXPECT_EQ(faults->replica_drop_every, 1000u);
  EXPECT_EQ(faults->replicator_delay, std::chrono::microseconds(2500));
  EXPECT_EQ(faults->replicator_stall, std::chrono::milliseconds(4000));
  EXPECT_TRUE(faults->metrics_down);
  EXPECT_FALSE(faults->replicator_metrics_down);
}

TEST(FaultSetTest, JsonRoundTrips) {
  const char* text =
      R"({"error":{"every":4,"status":503},"latency":{"exponential_mean_ms":3.0,"fraction":0.5,"seed":9},)"
      R"("metrics_down":true,"replicator":{"stall_seconds":1.5},"wal_fail":{"every":2}})";
  Result<FaultSet> faults = ParseFaultSet(text);
  ASSERT_TRUE(faults.ok()) << faults.error().message;
  EXPECT_EQ(FaultSetToJson(*faults).dump(), text);
}

TEST(FaultSetTest, EmptyObjectTurnsEverythingOff) {
  Result<FaultSet> faults = ParseFaultSet("{}");
  ASSERT_TRUE(faults.ok());
  EXPECT_EQ(FaultSetToJson(*faults).dump(), "{}");
}

struct BadFaultCase {
  std::string name;
  std::string text;
  std::string message_part;
};

class FaultSetErrorTest : public testing::TestWithParam<BadFaultCase> {};

TEST_P(FaultSetErrorTest, NamesTheKey) {
  Result<FaultSet> faults = ParseFaultSet(GetParam().text);
  ASSERT_FALSE(faults.ok());
  EXPECT_EQ(faults.error().code, "bad_fault");
  EXPECT_NE(faults.error().message.find(GetParam().message_part), std::string::npos)
      << faults.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Invalid, FaultSetErrorTest,
    testing::Values(
        BadFaultCase{"NotJson", "{", "not valid JSON"},
        BadFaultCase{"UnknownKey", R"({"latncy":{}})", "'latncy'"},
        BadFaultCase{"UnknownNested", R"({"error":{"stat":500}})", "'error.stat'"},
        BadFaultCase{"BadStatus", R"({"error":{"status":404}})", "429, 500, 502, 503"},
        BadFaultCase{"EveryZero", R"({"wal_fail":{"every":0}})", "'wal_fail.every'"},
        BadFaultCase{"EveryAndFraction", R"({"error":{"every":2,"fraction":0.5}})", "not both"},
        BadFaultCase{"FractionAboveOne", R"({"error":{"fraction":2}})", "between 0 and 1"},
        BadFaultCase{"TwoLatencyShapes", R"({"latency":{"fixed_ms":1,"uniform_ms":[1,2]}})",
                     "exactly one"},
        BadFaultCase{"UniformReversed", R"({"latency":{"uniform_ms":[5,1]}})", "min <= max"},
        BadFaultCase{"NegativeDelay", R"({"replicator":{"delay_ms":-1}})", "non-negative"},
        BadFaultCase{"BadResult", R"({"write_through_result":{"result":"ok"}})", "client_error"},
        BadFaultCase{"MetricsDownNotBool", R"({"metrics_down":1})", "true or false"},
        BadFaultCase{"StoreFaultWithoutEvery", R"({"dlq_poison":{}})", "needs 'every'"}),
    [](const testing::TestParamInfo<BadFaultCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace slogate::refgw
