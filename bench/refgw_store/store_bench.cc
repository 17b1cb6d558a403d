// Durable append throughput of the store: group commit with concurrent appenders against the
// peer of one appender (one fdatasync per event), both with fsync on, measured in one run.
// Also the same concurrency with fsync off, the ceiling set by everything but the disk.
#include <benchmark/benchmark.h>
#include <prometheus/registry.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "refgw/store/store.h"

namespace {

using slogate::refgw::store::Event;
using slogate::refgw::store::Store;
using slogate::refgw::store::StoreOptions;
using slogate::refgw::store::WriteOutcome;

// One store shared by the benchmark's threads, opened by thread 0 in a fresh directory.
struct SharedStore {
  std::filesystem::path dir;
  std::unique_ptr<prometheus::Registry> registry;
  std::unique_ptr<Store> store;
  std::atomic<uint64_t> next_id{0};

  void Open(bool fsync) {
    std::random_device random;
    dir = std::filesystem::temp_directory_path() /
          ("slogate-store-bench-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    registry = std::make_unique<prometheus::Registry>();
    StoreOptions options;
    options.data_dir = dir;
    options.fsync = fsync;
    auto opened = Store::Open(options, *registry);
    if (!opened.ok()) std::abort();
    store = std::move(*opened);
  }
  void Close() {
    store.reset();
    std::filesystem::remove_all(dir);
  }
};

SharedStore shared;

// A message shaped like the seed harness's: small body, a tenant in metadata.
Event MakeEvent(uint64_t id) {
  Event event;
  event.event_id = "bench-" + std::to_string(id);
  event.session_id = "2b1c6d1e-8f0a-4c38-9a57-3a1f0e6b9c11";
  event.tenant = "bench";
  event.message = "ping";
  event.metadata = {{"tenant", "bench"}};
  event.accepted_at = std::chrono::system_clock::now();
  return event;
}

void RunAppends(benchmark::State& state, bool fsync) {
  if (state.thread_index() == 0) shared.Open(fsync);
  uint64_t failed = 0;
  for (auto _ : state) {
    if (shared.store->Append(MakeEvent(shared.next_id++)) == WriteOutcome::kFailed) ++failed;
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    const auto stats = shared.store->Stats();
    // One batch is one frame and, with fsync on, one fdatasync.
    state.counters["events_per_batch"] =
        stats.wal_batches
            ? static_cast<double>(stats.wal_events) / static_cast<double>(stats.wal_batches)
            : 0.0;
    state.counters["failed"] = static_cast<double>(failed);
    shared.Close();
  }
}

void BM_DurableAppend(benchmark::State& state) { RunAppends(state, true); }
void BM_AppendWithoutFsync(benchmark::State& state) { RunAppends(state, false); }

// Threads stand in for concurrent requests; real time, since threads mostly wait on disk.
BENCHMARK(BM_DurableAppend)->Threads(1)->Threads(16)->Threads(64)->UseRealTime();
BENCHMARK(BM_AppendWithoutFsync)->Threads(64)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
