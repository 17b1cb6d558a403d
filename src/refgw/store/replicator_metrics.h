// The replicator's Prometheus metrics, with the upstream's names, types and labels.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <mutex>
#include <optional>

#include "refgw/store/store.h"

namespace slogate::refgw::store {

// Registers the families on construction. Counter series appear on first use, like the
// upstream's labelled prometheus_client counters. Thread-safe.
class ReplicatorMetrics {
 public:
  explicit ReplicatorMetrics(prometheus::Registry& registry);

  // memory_replicator_lag_seconds, the measured lag of one applied event; the gauge shows it
  // unless a LagGaugeFault says otherwise.
  void SetLag(double seconds);
  // Changes what the lag gauge reports from now on (kTruthful shows the last measured value).
  void SetLagFault(const LagGaugeFault& fault);
  // memory_replicator_events_total{result="ok"|"error"}
  void CountOk() { events_.Add({{"result", "ok"}}).Increment(); }
  void CountError() { events_.Add({{"result", "error"}}).Increment(); }
  // memory_replicator_replication_seconds
  void ObserveReplication(double seconds) { replication_seconds_.Observe(seconds); }

 private:
  std::mutex lag_mutex_;
  prometheus::Family<prometheus::Gauge>& lag_family_;
  // Null while the fault keeps the series out of the exposition: prometheus-cpp shows a
  // registered gauge as 0, which is not the same as a gauge never written.
  prometheus::Gauge* lag_;
  LagGaugeFault::Mode lag_mode_ = LagGaugeFault::Mode::kTruthful;
  std::optional<double> measured_lag_;
  prometheus::Family<prometheus::Counter>& events_;
  prometheus::Histogram& replication_seconds_;
};

}  // namespace slogate::refgw::store
