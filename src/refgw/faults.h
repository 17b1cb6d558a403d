// Fault injection for the reference gateway: what to break, parsed from one JSON document
// (the --faults flag, GATEWAY_FAULTS, or POST /v1/admin/faults), and the deterministic schedule
// that decides which requests it hits.
//
// Determinism: "every": k hits requests k, 2k, 3k, ... counted from when the fault set was
// applied, so N requests see exactly floor(N / k) faults; "fraction": f with "seed": s draws
// from a seeded generator, so the same request sequence sees the same faults every run.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "refgw/store/store.h"
#include "slogate/common/result.h"

namespace slogate::refgw {

// The ranges of the numeric fault settings (docs/refgw.md): wide enough for any fault a test
// needs, narrow enough that every conversion stays far inside 64 bits. A value outside is an
// error, never clamped.
inline constexpr double kMaxFaultLatencyMs = 60'000;        // latency.*, replicator.delay_ms
inline constexpr uint64_t kMaxFaultHoldMs = 3'600'000;      // replicator.hold_ms (1 h)
inline constexpr double kMaxFaultStallSeconds = 3'600;      // replicator.stall_seconds (1 h)
inline constexpr double kMaxFaultLagGaugeSeconds = 86'400;  // replicator.lag_gauge.value (1 day)
inline constexpr uint64_t kMaxFaultEvery = UINT32_MAX;      // k of "every": k

// Which requests a fault hits: every k-th, or a seeded fraction.
struct Selection {
  uint32_t every = 0;   // > 0: requests k, 2k, ...
  double fraction = 0;  // used when every == 0: probability per request, in [0, 1]
  uint64_t seed = 1;
};

struct LatencyFault {
  enum class Distribution { kFixed, kUniform, kExponential };
  Distribution distribution = Distribution::kFixed;
  std::chrono::microseconds fixed{0};        // kFixed
  std::chrono::microseconds min{0}, max{0};  // kUniform, inclusive range
  std::chrono::microseconds mean{0};         // kExponential
  Selection selection;
};

struct ErrorFault {
  int status = 503;  // one of 401, 403, 429, 500, 502, 503
  Selection selection;
};

struct ResultFault {
  std::string result = "server_error";  // client_error, server_error or exception
  Selection selection;
};

// 200 answers to POST .../message whose event_id cannot be audited.
struct EventIdFault {
  enum class Mode {
    kOmit,    // the body has no event_id
    kRepeat,  // the body has the event_id of the previous 200 that carried one
  };
  Mode mode = Mode::kOmit;
  bool store = true;  // false: the write is acknowledged but not stored (lost)
  Selection selection;
};

// Everything that can be broken at once. Plain data; absent parts are off.
struct FaultSet {
  // Request path (applied by the gateway to POST .../message).
  std::optional<LatencyFault> latency;
  std::optional<ErrorFault> error;
  std::optional<ResultFault> write_through_result;
  std::optional<EventIdFault> event_id;
  // Store (applied through store::StoreFaults; "every" only).
  uint32_t wal_fail_every = 0;
  uint32_t outbox_fail_every = 0;
  uint32_t dlq_poison_every = 0;
  uint32_t replica_drop_every = 0;
  std::chrono::microseconds replicator_delay{0};
  std::chrono::milliseconds replicator_stall{0};  // counted from when the set is applied
  std::chrono::milliseconds replicator_hold{0};   // applied no earlier than accepted + hold
  bool replicator_stop = false;                   // applies nothing until the set is replaced
  std::optional<store::LagGaugeFault> lag_gauge;  // how the lag gauge lies
  std::optional<uint32_t> replicator_only;        // the replicator faults hit this one only
  // Metrics endpoints answer 503 while down.
  bool metrics_down = false;
  bool replicator_metrics_down = false;
};

// Parses the JSON form (see docs/refgw.md). Unknown keys, repeated keys, wrong types,
// fractions where a whole number belongs and values outside the ranges above are errors
// (code "bad_fault") naming the key, its range and the value given.
Result<FaultSet> ParseFaultSet(std::string_view text);
// Checks what depends on the gateway's configuration: "replicator.only" must name one of
// `replicators` replicators. The error names the key.
Status CheckFaultsFit(const FaultSet& faults, size_t replicators);
// True when the replicator faults of `faults` apply to replicator `index`.
bool ReplicatorFaultsApply(const FaultSet& faults, size_t index);
// The JSON form of `faults`; ParseFaultSet(FaultSetToJson(f)) == f.
nlohmann::json FaultSetToJson(const FaultSet& faults);

// Decides, request by request, whether a Selection fires. Thread-safe.
class FaultSelector {
 public:
  explicit FaultSelector(const Selection& selection);
  bool Next();
  // A uniform draw in [0, 1) from the same seeded stream (for latency distributions).
  double NextUniform();

 private:
  Selection selection_;
  std::atomic<uint64_t> count_{0};
  std::mutex mutex_;
  std::mt19937_64 generator_;
};

// The request-path faults of one applied FaultSet, with their schedules. Thread-safe.
class RequestFaults {
 public:
  explicit RequestFaults(const FaultSet& faults);

  // Latency to add to this request's answer, when the latency fault fires.
  std::optional<std::chrono::microseconds> NextLatency();
  // Status to fail this request with, when the error fault fires.
  std::optional<int> NextErrorStatus();
  // The write-through result to report instead of "ok", when that fault fires.
  std::optional<std::string> NextWriteThroughResult();
  // The event_id fault, when it fires for this acknowledged write.
  const EventIdFault* NextEventIdFault();

  const FaultSet& faults() const { return faults_; }

 private:
  FaultSet faults_;
  std::optional<FaultSelector> latency_;
  std::optional<FaultSelector> error_;
  std::optional<FaultSelector> result_;
  std::optional<FaultSelector> event_id_;
};

}  // namespace slogate::refgw
