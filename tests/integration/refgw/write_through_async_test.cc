// GATEWAY_WRITE_THROUGH_ASYNC: the write-through counters move after the answer, as upstream,
// and still catch up with every 200 once the gateway has drained: what the suite relies on
// when it scrapes "after" only once its audit is done.
#include <atomic>
#include <thread>

#include "refgw_fixture.h"

namespace slogate::testing {
namespace {

constexpr std::string_view kPathLabel = R"(path="/v1/session/message")";

class WriteThroughAsyncTest : public RefgwSuite {
 protected:
  static void SetUpTestSuite() { StartGateway({}, {{"GATEWAY_WRITE_THROUGH_ASYNC", "true"}}); }
  static std::string Series(const std::string& family, const std::string& result = "") {
    std::string labels(kPathLabel);
    if (!result.empty()) labels += R"(,result=")" + result + "\"";
    return family + "{" + labels + "}";
  }
};

TEST_F(WriteThroughAsyncTest, CountersCatchUpWithEveryAcknowledgedMessage) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50;
  // A few WAL failures: the outbox answers 200 and the WAL result must say error.
  ASSERT_EQ(SetFaults(R"({"wal_fail":{"every":10}})").status, 200);
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < kThreads; ++t) {
    clients.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        if (Post(R"({"message":"async"})").status == 200) ++ok;
      }
    });
  }
  for (std::thread& client : clients) client.join();
  ASSERT_EQ(ok.load(), kThreads * kPerThread);

  const std::string attempts = Series("gateway_write_through_attempts_total");
  const std::string results_ok = Series("gateway_write_through_results_total", "ok");
  const std::string wal_ok = Series("gateway_write_through_wal_results_total", "ok");
  const std::string wal_error = Series("gateway_write_through_wal_results_total", "error");
  std::string metrics;
  ASSERT_TRUE(Eventually([&] {
    metrics = Metrics();
    return SampleValue(metrics, attempts).value_or(0) == ok.load();
  })) << metrics;
  EXPECT_EQ(SampleValue(metrics, results_ok).value_or(0), ok.load()) << metrics;
  const double wal_errors = SampleValue(metrics, wal_error).value_or(0);
  EXPECT_GE(wal_errors, 1.0) << metrics;
  EXPECT_EQ(SampleValue(metrics, wal_ok).value_or(0) + wal_errors, ok.load()) << metrics;
}

TEST_F(WriteThroughAsyncTest, RejectedMessagesMoveNoCounter) {
  const std::string attempts = Series("gateway_write_through_attempts_total");
  // Let earlier tests' deferred counters land first, then compare.
  double before = -1;
  ASSERT_TRUE(Eventually([&] {
    double now = SampleValue(Metrics(), attempts).value_or(0);
    bool settled = now == before;
    before = now;
    return settled;
  }));
  ASSERT_EQ(Post(R"({"message":5})").status, 422);
  ASSERT_EQ(Post(R"({"message":"counted"})").status, 200);
  ASSERT_TRUE(
      Eventually([&] { return SampleValue(Metrics(), attempts).value_or(0) >= before + 1; }));
  EXPECT_EQ(SampleValue(Metrics(), attempts).value_or(0), before + 1);
}

}  // namespace
}  // namespace slogate::testing
