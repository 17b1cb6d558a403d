// What finding repeated event_ids costs when a run ends (RemoveRepeatedIds), for the id counts
// of long runs: canonical UUIDs (the gateway's ids, kept as 16 bytes) and text ids, spread
// over two sending threads as the engine keeps them.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "event_id.h"

namespace {

using slogate::load::EventIdLog;

std::string UuidText(std::mt19937_64& rng) {
  constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (int i = 0; i < 32; ++i) {
    if (i == 8 || i == 12 || i == 16 || i == 20) text.push_back('-');
    text.push_back(kHex[rng() & 0xF]);
  }
  return text;
}

// n ids, every 100th a repeat of an earlier one (1%), as text.
std::vector<std::string> Ids(int64_t n, bool uuids) {
  std::mt19937_64 rng(7);
  std::vector<std::string> ids;
  ids.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    if (i % 100 == 99) {
      ids.push_back(ids[rng() % ids.size()]);
    } else {
      ids.push_back(uuids ? UuidText(rng) : "evt-" + std::to_string(rng()));
    }
  }
  return ids;
}

void RemoveRepeats(benchmark::State& state, bool uuids) {
  const std::vector<std::string> ids = Ids(state.range(0), uuids);
  for (auto _ : state) {
    state.PauseTiming();
    EventIdLog first;
    EventIdLog second;
    for (size_t i = 0; i < ids.size(); ++i) (i % 2 == 0 ? first : second).Add(ids[i]);
    std::vector<EventIdLog*> logs = {&first, &second};
    state.ResumeTiming();
    benchmark::DoNotOptimize(slogate::load::RemoveRepeatedIds(logs));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}

void BM_RemoveRepeatedUuids(benchmark::State& state) { RemoveRepeats(state, true); }
void BM_RemoveRepeatedTextIds(benchmark::State& state) { RemoveRepeats(state, false); }

BENCHMARK(BM_RemoveRepeatedUuids)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RemoveRepeatedTextIds)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
