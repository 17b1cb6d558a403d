#include "slogate/suite/shard_collect.h"

#include <map>
#include <string>
#include <vector>

#include "slogate/common/log.h"
#include "slogate/common/stoppable_wait.h"
#include "slogate/load/merge.h"
#include "slogate/load/run_result_json.h"

namespace slogate::suite {
namespace {

namespace fs = std::filesystem;

constexpr std::chrono::milliseconds kPollInterval{250};
// Bounds the work of one look at the directory, whatever else it holds.
constexpr size_t kMaxFilesLooked = 10'000;

struct Found {
  std::map<int, load::RunResult> by_index;    // the other shares, by their index
  std::map<int, std::string> names;           // the file each came from
  std::map<std::string, std::string> problems;  // file -> why it is not (yet) a share
  // Files read and found to be no share of this run, at the modification time they had then.
  std::map<std::string, fs::file_time_type> foreign;
};

bool SameRun(const load::RunResult& own, const load::RunResult& other) {
  return other.shard.count == own.shard.count && other.started_at == own.started_at;
}

// One look at the directory: reads every *.json not yet accepted or set aside.
void Look(const load::RunResult& own, const fs::path& dir, Found& found) {
  std::error_code error;
  fs::directory_iterator entries(dir, error);
  if (error) {
    found.problems[dir.string()] = "cannot list the directory: " + error.message();
    return;
  }
  found.problems.erase(dir.string());
  size_t looked = 0;
  for (const fs::directory_entry& entry : entries) {
    if (++looked > kMaxFilesLooked) break;
    const fs::path& path = entry.path();
    if (path.extension() != ".json" || !entry.is_regular_file(error)) continue;
    const std::string name = path.string();
    const fs::file_time_type modified = entry.last_write_time(error);
    if (const auto seen = found.foreign.find(name);
        seen != found.foreign.end() && seen->second == modified) {
      continue;
    }
    bool accepted = false;
    for (const auto& [index, file] : found.names) accepted = accepted || file == name;
    if (accepted) continue;
    Result<load::RunResult> run = load::ReadRunResultFile(path);
    if (!run) {
      found.problems[name] = run.error().message;  // perhaps still being written
      continue;
    }
    found.problems.erase(name);
    const int index = run->shard.index;
    if (!SameRun(own, *run) || index == own.shard.index || found.by_index.contains(index)) {
      found.foreign[name] = modified;
      continue;
    }
    found.by_index.emplace(index, std::move(*run));
    found.names.emplace(index, name);
  }
}

// "2, 5" (the first 20 named, then how many more).
std::string Missing(const load::RunResult& own, const Found& found) {
  constexpr int kNamed = 20;
  std::string missing;
  int count = 0;
  for (int index = 0; index < own.shard.count; ++index) {
    if (index == own.shard.index || found.by_index.contains(index)) continue;
    if (++count <= kNamed) missing += (missing.empty() ? "" : ", ") + std::to_string(index);
  }
  if (count > kNamed) missing += " and " + std::to_string(count - kNamed) + " more";
  return missing;
}

}  // namespace

Result<load::RunResult> CollectShards(const load::RunResult& own,
                                      const ShardCollection& collection) {
  const int others = own.shard.count - 1;
  log::Info("waiting up to " + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                                  collection.max_wait)
                                                  .count()) +
            " s for the other " + std::to_string(others) + " shares' results in " +
            collection.dir.string());
  const auto deadline = std::chrono::steady_clock::now() + collection.max_wait;
  Found found;
  while (true) {
    Look(own, collection.dir, found);
    if (static_cast<int>(found.by_index.size()) == others) break;
    const auto left = deadline - std::chrono::steady_clock::now();
    const bool stopped = collection.stop != nullptr && collection.stop->load();
    if (left <= std::chrono::nanoseconds(0) || stopped) {
      std::string message = "shares " + Missing(own, found) + " of " +
                            std::to_string(own.shard.count) + " never came to " +
                            collection.dir.string() +
                            (stopped ? " before the stop signal" : " within the wait") +
                            ", so the whole run cannot be judged";
      size_t listed = 0;
      for (const auto& [file, problem] : found.problems) {
        if (++listed > 5) break;
        message += "; " + problem;
      }
      return MakeError("shards_missing", message);
    }
    WaitUnlessStopped(std::min<std::chrono::nanoseconds>(left, kPollInterval), collection.stop);
  }
  std::vector<load::RunResult> shards = {own};
  std::vector<std::string> names = {"this share (" + std::to_string(own.shard.index) + ")"};
  for (auto& [index, run] : found.by_index) {
    shards.push_back(std::move(run));
    names.push_back(found.names.at(index));
  }
  log::Info("merging " + std::to_string(shards.size()) + " shares into one run");
  return load::MergeRunResults(shards, names);
}

}  // namespace slogate::suite
