// Cost of the histogram operations the load engine and merge use, next to the peer the seed
// harness uses: every latency appended to a vector, sorted for percentiles.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "slogate/stats/histogram.h"

namespace {

using slogate::stats::Histogram;
using std::chrono::nanoseconds;

// Latencies around 1 ms with a long tail, precomputed so generation is not measured.
std::vector<nanoseconds> Latencies(size_t n) {
  std::mt19937_64 rng(42);
  std::lognormal_distribution<double> latency(std::log(1e6), 1.0);
  std::vector<nanoseconds> values;
  values.reserve(n);
  for (size_t i = 0; i < n; ++i) values.emplace_back(std::llround(latency(rng)));
  return values;
}

const std::vector<nanoseconds>& Values() {
  static const std::vector<nanoseconds> values = Latencies(1 << 16);
  return values;
}

Histogram Filled(size_t n) {
  Histogram histogram;
  const auto& values = Values();
  for (size_t i = 0; i < n; ++i) histogram.Record(values[i % values.size()]);
  return histogram;
}

void BM_HistogramRecord(benchmark::State& state) {
  Histogram histogram;
  const auto& values = Values();
  size_t i = 0;
  for (auto _ : state) {
    histogram.Record(values[i++ & (values.size() - 1)]);
  }
  benchmark::DoNotOptimize(histogram.count());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_HistogramRecord);

// Peer: the seed's approach. Memory grows with every request; cleared periodically so the
// benchmark itself stays bounded (the clear is amortised into the measured cost).
void BM_VectorRecordPeer(benchmark::State& state) {
  std::vector<int64_t> all;
  const auto& values = Values();
  size_t i = 0;
  for (auto _ : state) {
    all.push_back(values[i++ & (values.size() - 1)].count());
    if (all.size() == (size_t{1} << 22)) all.clear();
  }
  benchmark::DoNotOptimize(all.data());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_VectorRecordPeer);

void BM_HistogramPercentile(benchmark::State& state) {
  const Histogram histogram = Filled(static_cast<size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(histogram.Percentile(0.99));
}
BENCHMARK(BM_HistogramPercentile)->Arg(100'000)->Arg(1'000'000);

// Peer: the exact p99 of the kept values (nth_element on a copy, as a report would).
void BM_VectorPercentilePeer(benchmark::State& state) {
  const auto& values = Values();
  std::vector<int64_t> all;
  for (int64_t i = 0; i < state.range(0); ++i) {
    all.push_back(values[static_cast<size_t>(i) % values.size()].count());
  }
  for (auto _ : state) {
    std::vector<int64_t> copy = all;
    const auto rank = static_cast<size_t>(std::ceil(0.99 * static_cast<double>(copy.size()))) - 1;
    std::nth_element(copy.begin(), copy.begin() + static_cast<std::ptrdiff_t>(rank), copy.end());
    benchmark::DoNotOptimize(copy[rank]);
  }
}
BENCHMARK(BM_VectorPercentilePeer)->Arg(100'000)->Arg(1'000'000);

void BM_HistogramMerge(benchmark::State& state) {
  const Histogram part = Filled(100'000);
  Histogram total;
  for (auto _ : state) benchmark::DoNotOptimize(total.Merge(part).ok());
}
BENCHMARK(BM_HistogramMerge);

void BM_HistogramSerialize(benchmark::State& state) {
  const Histogram histogram = Filled(100'000);
  size_t bytes = 0;
  for (auto _ : state) {
    const std::string text = histogram.Serialize();
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_HistogramSerialize);

void BM_HistogramDeserialize(benchmark::State& state) {
  const std::string text = Filled(100'000).Serialize();
  for (auto _ : state) benchmark::DoNotOptimize(Histogram::Deserialize(text).ok());
}
BENCHMARK(BM_HistogramDeserialize);

}  // namespace

BENCHMARK_MAIN();
