// The reference gateway's API: routes requests on the API port, validates and authenticates
// messages, hands them to the store and answers once they are durable, and serves the health,
// audit, export, DLQ and fault-control routes. See docs/refgw.md for the routes.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "faults.h"
#include "gateway_metrics.h"
#include "http_server.h"
#include "options.h"
#include "rate_limiter.h"
#include "refgw/store/store.h"
#include "token_verifier.h"
#include "worker.h"

namespace slogate::refgw {

class Gateway {
 public:
  // `store` and `metrics` must outlive the gateway; the store must be destroyed before the
  // gateway only after the API server stopped (its completions call back into the gateway).
  // `verifier` is required when options.AuthRequired() (see TokenVerifier::FromOptions).
  Gateway(const GatewayOptions& options, store::Store& store, GatewayMetrics& metrics,
          std::optional<TokenVerifier> verifier);

  // The API server's handler. Never blocks on disk: appends complete asynchronously and
  // SQLite reads run on the gateway's worker thread.
  void Handle(http::Request request, http::Responder responder);

  // Replaces the active fault set (request-path schedules restart from zero).
  void ApplyFaults(const FaultSet& faults);
  FaultSet CurrentFaults() const;
  bool MetricsDown() const { return metrics_down_.load(); }
  bool ReplicatorMetricsDown() const { return replicator_metrics_down_.load(); }

  // Reads the DLQ depth from the store and sets gateway_dlq_depth. Blocks on SQLite.
  int64_t RefreshDlqGauge();

  // Stops the worker thread (health, audit, export, DLQ refresh). Call after the API server
  // stopped and before the store is destroyed. Write-through counters deferred by
  // GATEWAY_WRITE_THROUGH_ASYNC are still recorded until the gateway is destroyed.
  void StopBackgroundWork() { worker_.reset(); }

  // The headers every API response carries (security headers and X-API-Version).
  static std::vector<http::Header> ResponseHeaders();

 private:
  // One accepted message waiting for its answer (until the store made it durable).
  struct PendingAnswer {
    http::Responder responder;
    std::chrono::steady_clock::time_point started;
    std::chrono::microseconds added_latency;
    std::string path;
    bool record_now;    // write-through counters move before the answer
    bool record_later;  // ... after it, on the recorder thread (GATEWAY_WRITE_THROUGH_ASYNC)
    std::optional<std::string> result_override;
    std::string session_id;
    std::string event_id;
    std::optional<EventIdFault::Mode> id_fault;  // the event_id fault hit this write
    bool track_ids;  // an event_id fault is set: remember the ids answered
  };

  void HandleMessage(http::Request request, http::Responder responder);
  // Answers a message the store took (or failed: 502, or an unstored write claimed as kWal)
  // and records its write-through counters.
  void Answer(PendingAnswer& answer, store::WriteOutcome outcome);
  // The 200 body, as the event_id fault shapes it.
  std::string AcknowledgedBody(const PendingAnswer& answer);
  // Records the write-through counters of one stored (or failed) message.
  void RecordWriteThrough(store::WriteOutcome outcome,
                          const std::optional<std::string>& result_override);
  // Authorization check; nullopt when the request may proceed (then `tenant` is the token's).
  std::optional<http::Response> Authenticate(const http::Request& request,
                                             std::optional<std::string>* tenant) const;
  // The replica routes: auth, the admin rate limit (not for the per-event audit), dispatch.
  void HandleReplicaRoute(const http::Request& request, http::Responder responder);
  void HandleHealth(http::Responder responder);
  void HandleMemoryGet(std::string event_id, http::Responder responder);
  void HandleMemoryList(const std::string& query, http::Responder responder);
  void HandleExport(const std::string& query, http::Responder responder);
  void HandleDlq(std::string topic, const std::string& query, http::Responder responder);
  void HandleFaults(const http::Request& request, http::Responder responder);

  const GatewayOptions& options_;
  store::Store& store_;
  GatewayMetrics& metrics_;
  std::optional<TokenVerifier> verifier_;
  RateLimiter admin_limit_;
  // Records write-through counters after the answer, with GATEWAY_WRITE_THROUGH_ASYNC only.
  std::unique_ptr<Worker> write_through_recorder_;
  std::atomic<std::shared_ptr<RequestFaults>> request_faults_;
  std::atomic<bool> metrics_down_{false};
  std::atomic<bool> replicator_metrics_down_{false};
  // The event_id of the last 200 that carried one, for the "repeat" fault.
  std::mutex answered_mutex_;
  std::string last_answered_event_id_;
  std::unique_ptr<Worker> worker_;  // last member: its thread stops before the rest is destroyed
};

}  // namespace slogate::refgw
