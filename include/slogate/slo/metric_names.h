// The gateway and replicator metrics the SLOs read (names as in docs/gateway-contract.md), and
// the selectors the suite must sample during a run for ReplicationLag and DlqDepth.
#pragma once

#include <array>
#include <string_view>

namespace slogate::slo {

inline constexpr std::string_view kWriteThroughAttempts = "gateway_write_through_attempts_total";
inline constexpr std::string_view kWriteThroughResults = "gateway_write_through_results_total";
inline constexpr std::string_view kWalResults = "gateway_write_through_wal_results_total";
inline constexpr std::string_view kDlqDepth = "gateway_dlq_depth";
inline constexpr std::string_view kReplicatorLag = "memory_replicator_lag_seconds";
inline constexpr std::string_view kReplicatorEvents = "memory_replicator_events_total";
// Optional server-side latency histogram (the reference gateway's; upstream has none).
inline constexpr std::string_view kRequestSecondsBucket = "gateway_request_seconds_bucket";
inline constexpr std::string_view kRequestSecondsCount = "gateway_request_seconds_count";

// Selectors a scrape::Sampler must sample (every Thresholds::sampling_interval) for the
// Observations::sampled series; ReplicationLag looks them up by exactly this text.
inline constexpr std::array<std::string_view, 7> kSampledSelectors = {
    kReplicatorLag, kReplicatorEvents, kDlqDepth,
    // Counters are sampled too: a decrease between two samples is a reset the before/after
    // scrapes alone can miss (a series created during the run has no "before"), and the
    // attempts counter times acknowledged writes finer than the client's seconds.
    kWriteThroughAttempts, kWriteThroughResults, kWalResults, kRequestSecondsCount};

}  // namespace slogate::slo
