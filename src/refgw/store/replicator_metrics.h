// The replicator's Prometheus metrics, with the upstream's names, types and labels.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace slogate::refgw::store {

// Registers the families on construction. Counter series appear on first use, like the
// upstream's labelled prometheus_client counters. Thread-safe.
class ReplicatorMetrics {
 public:
  explicit ReplicatorMetrics(prometheus::Registry& registry);

  // memory_replicator_lag_seconds
  void SetLag(double seconds) { lag_.Set(seconds); }
  // memory_replicator_events_total{result="ok"|"error"}
  void CountOk() { events_.Add({{"result", "ok"}}).Increment(); }
  void CountError() { events_.Add({{"result", "error"}}).Increment(); }
  // memory_replicator_replication_seconds
  void ObserveReplication(double seconds) { replication_seconds_.Observe(seconds); }

 private:
  prometheus::Gauge& lag_;
  prometheus::Family<prometheus::Counter>& events_;
  prometheus::Histogram& replication_seconds_;
};

}  // namespace slogate::refgw::store
