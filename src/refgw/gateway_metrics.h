// The gateway's own Prometheus metrics, with the upstream's names, types and labels
// (see the gateway contract): write-through attempts/results/WAL results, the DLQ gauge, and
// an optional request-latency histogram.
//
// Like the upstream (prometheus_client), a labelled series appears only once it was first
// used, and each counter series also exposes its creation time as `<name>_created`.
// Thread-safe.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace slogate::refgw {

// The path label of the write-through metrics: always the upstream's route, whichever of the
// two message routes was called.
inline constexpr std::string_view kWriteThroughPath = "/v1/session/message";

class GatewayMetrics {
 public:
  GatewayMetrics();
  ~GatewayMetrics();

  void RecordAttempt();
  // result: ok, client_error, server_error or exception.
  void RecordResult(std::string_view result);
  // result: ok or error.
  void RecordWalResult(std::string_view result);
  void SetDlqDepth(std::string_view topic, double depth);
  // One answered POST to a message route: its status code and time from parse to answer.
  void ObserveRequest(std::string_view path, int status, std::chrono::duration<double> took);

  // Drops every family and creates them anew: counters restart at 0 with a new _created, as
  // after a process restart. Used by the counter-reset fault.
  void Reset();

  // The exposition in Prometheus text format 0.0.4.
  std::string Exposition() const;

 private:
  struct Families;
  struct CounterSeries {
    prometheus::Counter* counter;
    std::string family;  // e.g. gateway_write_through_attempts_total
    prometheus::Labels labels;
    double created_s;  // Unix time of the series' first use
  };

  void Increment(prometheus::Family<prometheus::Counter>* Families::*family,
                 const prometheus::Labels& labels);

  // The `<counter>_created` gauge family of one counter family. Requires mutex_.
  prometheus::MetricFamily CreatedFamily(const std::string& counter_name,
                                         const std::string& help) const;

  mutable std::mutex mutex_;
  std::unique_ptr<Families> families_;             // guarded by mutex_
  std::map<std::string, CounterSeries> counters_;  // guarded by mutex_
};

}  // namespace slogate::refgw
