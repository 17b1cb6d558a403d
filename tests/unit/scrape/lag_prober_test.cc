// LagProber without a network: what it does with ids it must not probe, a template it cannot
// use, and Stop. Read-backs against the real gateway are in tests/integration/scrape.
#include "slogate/scrape/lag_prober.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace slogate::scrape {
namespace {

using std::chrono::milliseconds;

LagProbeOptions Options(std::string url_template) {
  LagProbeOptions options;
  options.url_template = std::move(url_template);
  options.bearer_token = "secret-token";
  return options;
}

TEST(LagProberTest, IdsPastTheBoundAreCountedNotProbed) {
  LagProber prober(Options("http://127.0.0.1:9/v1/admin/memory/{event_id}"));
  prober.Offer(std::string(129, 'x'), std::chrono::system_clock::now());
  prober.Start();
  const LagProbeResult result = prober.Stop(milliseconds(0));
  EXPECT_EQ(result.acks_offered, 1u);
  EXPECT_EQ(result.ids_too_long, 1u);
  EXPECT_TRUE(result.probes.empty());
  EXPECT_EQ(result.requests, 0u);
}

TEST(LagProberTest, TemplateWithoutPlaceholderIsAnErrorNotAHang) {
  LagProber prober(Options("http://127.0.0.1:9/v1/admin/memory/"));
  prober.Offer("e1", std::chrono::system_clock::now());
  prober.Start();
  const LagProbeResult result = prober.Stop(milliseconds(5000));
  EXPECT_NE(result.first_error.find("has no {event_id} placeholder"), std::string::npos)
      << result.first_error;
  EXPECT_TRUE(result.probes.empty());
  EXPECT_EQ(result.acks_offered, 1u);
}

TEST(LagProberTest, StopIsIdempotentAndTheTokenIsNotKept) {
  LagProber prober(Options("http://127.0.0.1:9/{event_id}"));
  const LagProbeResult first = prober.Stop(milliseconds(0));
  prober.Offer("late", std::chrono::system_clock::now());  // after Stop: not taken
  const LagProbeResult second = prober.Stop(milliseconds(0));
  EXPECT_EQ(first.options.bearer_token, "");
  EXPECT_EQ(first.options.url_template, "http://127.0.0.1:9/{event_id}");
  EXPECT_EQ(second.acks_offered, 0u);
  EXPECT_TRUE(second.probes.empty());
}

TEST(LagProberTest, NothingIsKnownLaggingBeforeAnyReadBack) {
  LagProber prober(Options("http://127.0.0.1:9/{event_id}"));
  EXPECT_TRUE(prober.KnownLaggingBeyond(std::chrono::nanoseconds(0), 10).empty());
  prober.Offer("e1", std::chrono::system_clock::now());
  // Offered but not taken (never started): a write not yet asked for is not known late.
  EXPECT_TRUE(prober.KnownLaggingBeyond(std::chrono::nanoseconds(0), 10).empty());
  prober.Stop(milliseconds(0));
  EXPECT_TRUE(prober.KnownLaggingBeyond(std::chrono::nanoseconds(0), 0).empty());
}

}  // namespace
}  // namespace slogate::scrape
