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
    : lag_(prometheus::BuildGauge()
               .Name("memory_replicator_lag_seconds")
               .Help("Seconds between an event's acceptance and its replication, set per event")
               .Register(registry)
               .Add({})),
      events_(prometheus::BuildCounter()
                  .Name("memory_replicator_events_total")
                  .Help("WAL events handled by the replicator, by result")
                  .Register(registry)),
      replication_seconds_(prometheus::BuildHistogram()
                               .Name("memory_replicator_replication_seconds")
                               .Help("Time to handle one WAL event")
                               .Register(registry)
                               .Add({}, DefaultBuckets())) {}

}  // namespace slogate::refgw::store
