// Share 0 of a run split across machines gathers the other shares' RunResults — written by
// `slogate run --shard I/N --start-at T --out DIR/...json` — so that one verdict judges the whole
// run (docs/distributed.md). Blocking, bounded by `max_wait` and the stop flag.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>

#include "slogate/common/result.h"
#include "slogate/load/run_result.h"

namespace slogate::suite {

// How long share 0 waits, once its own share is sent, for the others' results: they started
// together and run the same schedule, so this is their drain and the time to write and copy a
// file, with room for a slow node.
inline constexpr std::chrono::seconds kShardResultsWait{120};

struct ShardCollection {
  std::filesystem::path dir;
  std::chrono::nanoseconds max_wait = kShardResultsWait;
  const std::atomic<bool>* stop = nullptr;  // SIGINT/SIGTERM: give up at once
};

// Waits until `collection.dir` holds a RunResult (`*.json`) of every other share of `own`'s
// schedule — the same share count and start — and returns `own` merged with them
// (load::MergeRunResults: the merged run is the whole schedule's). Other files, results of
// other runs and repeated shares are ignored; a file still being written is read again.
// Errors: "shards_missing" naming the shares that never came and the last problem with each
// file that could not be read, when the wait ends or is stopped; a merge error as
// MergeRunResults names it.
Result<load::RunResult> CollectShards(const load::RunResult& own,
                                      const ShardCollection& collection);

}  // namespace slogate::suite
