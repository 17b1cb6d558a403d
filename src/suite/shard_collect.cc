#include "slogate/suite/shard_collect.h"

#include <algorithm>
#include <map>
#include <set>
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
constexpr size_t kMaxFilesLooked = 4 * static_cast<size_t>(load::kMaxShards);
// A share's result is histograms, per-second windows and a bounded event-id log: megabytes. A
// file far larger is no share, and is not read into memory to find that out.
constexpr uintmax_t kMaxResultBytes = uintmax_t{256} << 20;

// What a file was when it was last read: it is read again only once it changed.
struct Seen {
  fs::file_time_type modified;
  uintmax_t size = 0;
  friend bool operator==(const Seen&, const Seen&) = default;
};

struct Found {
  std::map<int, load::RunResult> by_index;  // the other shares, by their index
  std::map<int, std::string> names;         // the file each came from
  std::set<std::string> accepted;
  // Files that are no share of this run (yet): what the file was then, why, and whether it was
  // a run's result at all (those reasons matter most: a share of another start or schedule).
  struct Aside {
    Seen seen;
    std::string why;
    bool a_result = false;
  };
  std::map<std::string, Aside> set_aside;
  std::string directory_problem;
  bool overflowed = false;  // the directory held more than kMaxFilesLooked entries
};

// Why `other` is not a share of `own`'s run, or empty when it is one: the same split and start,
// and the same schedule and load, which the merge would otherwise refuse after the wait.
std::string NotAShareOf(const load::RunResult& own, const load::RunResult& other) {
  if (other.shard.count != own.shard.count) {
    return "a share of " + std::to_string(other.shard.count) + ", not of " +
           std::to_string(own.shard.count);
  }
  if (other.started_at != own.started_at) return "started at another time (another run)";
  if (other.shard.index == own.shard.index) return "this share's own index";
  if (other.target_url != own.target_url || other.path != own.path) {
    return "sent to " + other.target_url + other.path + ", not " + own.target_url + own.path;
  }
  if (other.target_rps != own.target_rps || other.peak_rps != own.peak_rps ||
      other.duration != own.duration || other.rate_plan != own.rate_plan) {
    return "another schedule (its rates, rate plan or duration differ)";
  }
  if (other.latency_mark != own.latency_mark) {
    return "another latency mark (another SLO_ENV or latency_p95 threshold)";
  }
  return "";
}

// One look at the directory: reads every *.json that is neither accepted nor unchanged since
// it was set aside.
void Look(const load::RunResult& own, const fs::path& dir, Found& found) {
  std::error_code error;
  fs::directory_iterator entries(dir, error);
  if (error) {
    found.directory_problem = dir.string() + ": cannot list the directory: " + error.message();
    return;
  }
  found.directory_problem.clear();
  size_t looked = 0;
  for (; entries != fs::directory_iterator(); entries.increment(error)) {
    if (error) {
      found.directory_problem = dir.string() + ": listing stopped: " + error.message();
      return;
    }
    if (++looked > kMaxFilesLooked) {
      found.overflowed = true;
      return;
    }
    const fs::path& path = entries->path();
    const std::string name = path.string();
    if (path.extension() != ".json" || found.accepted.contains(name)) continue;
    if (!entries->is_regular_file(error)) continue;
    const Seen seen{entries->last_write_time(error), entries->file_size(error)};
    if (error) continue;
    if (const auto aside = found.set_aside.find(name);
        aside != found.set_aside.end() && aside->second.seen == seen) {
      continue;
    }
    if (seen.size > kMaxResultBytes) {
      found.set_aside[name] = {
          seen,
          name + ": " + std::to_string(seen.size >> 20) + " MiB, too large for a share's result",
          false};
      continue;
    }
    Result<load::RunResult> run = load::ReadRunResultFile(path);
    if (!run) {
      found.set_aside[name] = {seen, run.error().message, false};  // perhaps still being written
      continue;
    }
    const std::string why = NotAShareOf(own, *run);
    if (!why.empty() || found.by_index.contains(run->shard.index)) {
      found.set_aside[name] = {
          seen,
          name + ": not a share of this run: " +
              (why.empty() ? "a second file of share " + std::to_string(run->shard.index) : why),
          true};
      continue;
    }
    found.set_aside.erase(name);
    found.accepted.insert(name);
    const int index = run->shard.index;
    found.by_index.emplace(index, std::move(*run));
    found.names.emplace(index, name);
  }
}

// Why files were set aside, the results of runs first; every one in the log (bounded), the
// first few in `message`.
void SetAside(const Found& found, std::string& message) {
  constexpr size_t kInMessage = 5;
  constexpr size_t kLogged = 100;
  size_t told = 0;
  for (const bool results_first : {true, false}) {
    for (const auto& [file, aside] : found.set_aside) {
      if (aside.a_result != results_first) continue;
      if (told < kLogged) log::Warn("set aside: " + aside.why);
      if (told < kInMessage) message += "; " + aside.why;
      ++told;
    }
  }
  if (told > kInMessage) {
    message += "; and " + std::to_string(told - kInMessage) +
               " more files set aside (the log "
               "names " +
               std::to_string(std::min(told, kLogged)) + ")";
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
  log::Info("waiting up to " +
            std::to_string(
                std::chrono::duration_cast<std::chrono::seconds>(collection.max_wait).count()) +
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
      std::string message = "no result of share " + Missing(own, found) + " (of 0.." +
                            std::to_string(own.shard.count - 1) + ") came to " +
                            collection.dir.string() +
                            (stopped ? " before the stop signal" : " within the wait") +
                            ", so the whole run cannot be judged";
      if (!found.directory_problem.empty()) message += "; " + found.directory_problem;
      if (found.overflowed) {
        message += "; the directory holds more than " + std::to_string(kMaxFilesLooked) +
                   " entries, and those past them were not looked at";
      }
      SetAside(found, message);
      return MakeError("shards_missing", message);
    }
    WaitUnlessStopped(std::min<std::chrono::nanoseconds>(left, kPollInterval), collection.stop);
  }
  if (!found.set_aside.empty()) {
    log::Warn(std::to_string(found.set_aside.size()) + " files in " + collection.dir.string() +
              " were no share of this run:");
    std::string logged_only;
    SetAside(found, logged_only);
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
