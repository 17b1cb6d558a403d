#include "gateway_metrics.h"

#include <prometheus/text_serializer.h>

#include <map>
#include <vector>

namespace slogate::refgw {
namespace {

using prometheus::Counter;
using prometheus::Family;
using prometheus::Labels;

double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Buckets for a gateway answering in microseconds to seconds.
const prometheus::Histogram::BucketBoundaries& LatencyBuckets() {
  static const prometheus::Histogram::BucketBoundaries buckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.3, 0.5, 1, 2.5, 5, 10};
  return buckets;
}

}  // namespace

struct GatewayMetrics::Families {
  prometheus::Registry registry;
  Family<Counter>* attempts = nullptr;
  Family<Counter>* results = nullptr;
  Family<Counter>* wal_results = nullptr;
  Family<prometheus::Gauge>* dlq_depth = nullptr;
  Family<prometheus::Histogram>* request_seconds = nullptr;

  // HELP texts stay plain ASCII without backslashes or newlines: prometheus-cpp writes HELP
  // verbatim, without the escaping the text format requires.
  Families() {
    attempts = &prometheus::BuildCounter()
                    .Name("gateway_write_through_attempts_total")
                    .Help("Write-through attempts for accepted session messages")
                    .Register(registry);
    results = &prometheus::BuildCounter()
                   .Name("gateway_write_through_results_total")
                   .Help("Write-through outcomes by result")
                   .Register(registry);
    wal_results = &prometheus::BuildCounter()
                       .Name("gateway_write_through_wal_results_total")
                       .Help("WAL publish outcomes after write-through")
                       .Register(registry);
    dlq_depth = &prometheus::BuildGauge()
                     .Name("gateway_dlq_depth")
                     .Help("Dead-lettered events per topic")
                     .Register(registry);
    request_seconds = &prometheus::BuildHistogram()
                           .Name("gateway_request_seconds")
                           .Help("Time from a parsed message request to its answer")
                           .Register(registry);
  }
};

GatewayMetrics::GatewayMetrics() : families_(std::make_unique<Families>()) {}
GatewayMetrics::~GatewayMetrics() = default;

void GatewayMetrics::Increment(Family<Counter>* Families::*family, const Labels& labels) {
  std::lock_guard lock(mutex_);
  Family<Counter>& target = *((*families_).*family);
  std::string key = target.GetName();
  for (const auto& [name, value] : labels)
    key.append("\x1f").append(name).append("=").append(value);
  auto found = counters_.find(key);
  if (found == counters_.end()) {
    Counter& counter = target.Add(labels);
    found = counters_.emplace(key, CounterSeries{&counter, target.GetName(), labels, NowSeconds()})
                .first;
  }
  found->second.counter->Increment();
}

void GatewayMetrics::RecordAttempt() {
  Increment(&Families::attempts, {{"path", std::string(kWriteThroughPath)}});
}

void GatewayMetrics::RecordResult(std::string_view result) {
  Increment(&Families::results,
            {{"path", std::string(kWriteThroughPath)}, {"result", std::string(result)}});
}

void GatewayMetrics::RecordWalResult(std::string_view result) {
  Increment(&Families::wal_results,
            {{"path", std::string(kWriteThroughPath)}, {"result", std::string(result)}});
}

void GatewayMetrics::SetDlqDepth(std::string_view topic, double depth) {
  std::lock_guard lock(mutex_);
  families_->dlq_depth->Add({{"topic", std::string(topic)}}).Set(depth);
}

void GatewayMetrics::ObserveRequest(std::string_view path, int status,
                                    std::chrono::duration<double> took) {
  std::lock_guard lock(mutex_);
  families_->request_seconds
      ->Add({{"path", std::string(path)}, {"status", std::to_string(status)}}, LatencyBuckets())
      .Observe(took.count());
}

void GatewayMetrics::Reset() {
  std::lock_guard lock(mutex_);
  counters_.clear();
  families_ = std::make_unique<Families>();
}

std::string GatewayMetrics::Exposition() const {
  std::vector<prometheus::MetricFamily> families;
  {
    std::lock_guard lock(mutex_);
    for (prometheus::MetricFamily& family : families_->registry.Collect()) {
      bool is_counter = family.type == prometheus::MetricType::Counter;
      std::string name = family.name;
      std::string help = family.help;
      families.push_back(std::move(family));
      if (is_counter) families.push_back(CreatedFamily(name, help));
    }
  }
  return prometheus::TextSerializer().Serialize(families);
}

prometheus::MetricFamily GatewayMetrics::CreatedFamily(const std::string& counter_name,
                                                       const std::string& help) const {
  // prometheus_client's 0.0.4 output: `x_total` is followed by a gauge family `x_created`.
  prometheus::MetricFamily created;
  created.name =
      counter_name.substr(0, counter_name.size() - std::string_view("_total").size()) + "_created";
  created.help = help;
  created.type = prometheus::MetricType::Gauge;
  for (const auto& [key, series] : counters_) {
    if (series.family != counter_name) continue;
    prometheus::ClientMetric metric;
    for (const auto& [name, value] : series.labels) metric.label.push_back({name, value});
    metric.gauge.value = series.created_s;
    created.metric.push_back(std::move(metric));
  }
  return created;
}

}  // namespace slogate::refgw
