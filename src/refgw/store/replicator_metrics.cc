#include "refgw/store/replicator_metrics.h"

namespace slogate::refgw::store {
namespace {

// prometheus_client's default buckets, which the upstream replicator's histogram uses.
prometheus::Histogram::BucketBoundaries DefaultBuckets() {
  return {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0};
}

}  // namespace

// HELP texts stay plain (no backslash, no newline): prometheus-cpp does not escape them.
ReplicatorMetrics::ReplicatorMetrics(prometheus::Registry& registry)
    : lag_family_(
          prometheus::BuildGauge()
              .Name("memory_replicator_lag_seconds")
              .Help("Seconds between an event's acceptance and its replication, set per event")
              .Register(registry)),
      lag_(&lag_family_.Add({})),
      events_(prometheus::BuildCounter()
                  .Name("memory_replicator_events_total")
                  .Help("WAL events handled by the replicator, by result")
                  .Register(registry)),
      replication_seconds_(prometheus::BuildHistogram()
                               .Name("memory_replicator_replication_seconds")
                               .Help("Time to handle one WAL event")
                               .Register(registry)
                               .Add({}, DefaultBuckets())) {}

void ReplicatorMetrics::SetLag(double seconds) {
  std::lock_guard lock(lag_mutex_);
  measured_lag_ = seconds;
  if (lag_mode_ == LagGaugeFault::Mode::kTruthful) lag_->Set(seconds);
}

void ReplicatorMetrics::SetLagFault(const LagGaugeFault& fault) {
  std::lock_guard lock(lag_mutex_);
  lag_mode_ = fault.mode;
  if (fault.mode == LagGaugeFault::Mode::kAbsent) {
    if (lag_ != nullptr) lag_family_.Remove(lag_);
    lag_ = nullptr;
    return;
  }
  if (lag_ == nullptr) lag_ = &lag_family_.Add({});
  if (fault.mode == LagGaugeFault::Mode::kFixed) lag_->Set(fault.value);
  if (fault.mode == LagGaugeFault::Mode::kTruthful) lag_->Set(measured_lag_.value_or(0.0));
  // kFrozen: the gauge keeps what it shows now.
}

}  // namespace slogate::refgw::store
