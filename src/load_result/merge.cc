#include "slogate/load/merge.h"

#include <algorithm>
#include <iterator>
#include <set>
#include <string>

#include "rate_plan_sum.h"
#include "slogate/common/units.h"
#include "slogate/load/repeated_ids.h"
#include "slogate/stats/windows.h"

namespace slogate::load {
namespace {

using std::chrono::nanoseconds;

using Names = std::vector<std::string>;

Error ShardMismatch(const Names& names, size_t shard, std::string_view field,
                    const std::string& expected, const std::string& got) {
  return MakeError("shard_mismatch", names[shard] + " has " + std::string(field) + " \"" + got +
                                         "\" but " + names.front() + " has \"" + expected +
                                         "\": only shards of one run can be merged");
}

// How far apart two shards started, without overflow whatever their times (a file may hold any
// 64-bit start).
nanoseconds StartsApart(const RunResult& a, const RunResult& b) {
  const auto unix_ns = [](const RunResult& run) {
    return std::chrono::duration_cast<nanoseconds>(run.started_at.time_since_epoch()).count();
  };
  const int64_t a_ns = unix_ns(a);
  const int64_t b_ns = unix_ns(b);
  // The difference of two int64 values always fits in a uint64.
  const uint64_t apart = a_ns >= b_ns ? static_cast<uint64_t>(a_ns) - static_cast<uint64_t>(b_ns)
                                      : static_cast<uint64_t>(b_ns) - static_cast<uint64_t>(a_ns);
  return apart > static_cast<uint64_t>(nanoseconds::max().count())
             ? nanoseconds::max()
             : nanoseconds(static_cast<int64_t>(apart));
}

// Shards split by --shard carry their share: together they must be the whole schedule, each
// share once, all of one schedule (the same rates, plan and duration: every flag but --shard
// the same). Results without one (count 1: whole runs at a share of the rate, as before
// --shard) are merged as they are.
Status CheckShareSet(const std::vector<RunResult>& shards, const Names& names) {
  const RunResult& first = shards.front();
  const int count = first.shard.count;
  if (count < 1 || count > kMaxShards) {
    return MakeError("shard_mismatch", names.front() + " has a share count of " +
                                           std::to_string(count) + " (1.." +
                                           std::to_string(kMaxShards) + ")");
  }
  std::vector<int> seen_at(static_cast<size_t>(count), -1);
  for (size_t i = 0; i < shards.size(); ++i) {
    const RunResult& shard = shards[i];
    if (shard.shard.count != count) {
      return ShardMismatch(names, i, "shard count", std::to_string(count),
                           std::to_string(shard.shard.count));
    }
    if (count == 1) continue;
    if (shard.shard.index < 0 || shard.shard.index >= count) {
      return MakeError("shard_mismatch", names[i] + " has share " +
                                             std::to_string(shard.shard.index) + " of " +
                                             std::to_string(count));
    }
    if (shard.target_rps != first.target_rps || shard.peak_rps != first.peak_rps ||
        shard.duration != first.duration || shard.rate_plan != first.rate_plan) {
      return MakeError("shard_mismatch",
                       names[i] + " is a share of another schedule than " + names.front() +
                           " (its rates, rate plan or duration differ): every flag but --shard "
                           "must be the same in every share of a run");
    }
    int& seen = seen_at[static_cast<size_t>(shard.shard.index)];
    if (seen >= 0) {
      return MakeError("shard_mismatch", names[i] + " and " + names[static_cast<size_t>(seen)] +
                                             " are both share " +
                                             std::to_string(shard.shard.index) + "/" +
                                             std::to_string(count) +
                                             ": each share of a run is merged once");
    }
    seen = static_cast<int>(i);
  }
  if (count == 1) return Status::Ok();
  constexpr size_t kNamedMissing = 20;
  std::string missing;
  size_t missing_count = 0;
  for (size_t index = 0; index < seen_at.size(); ++index) {
    if (seen_at[index] >= 0) continue;
    if (++missing_count > kNamedMissing) continue;
    if (!missing.empty()) missing += ", ";
    missing += std::to_string(index);
  }
  if (missing_count == 0) return Status::Ok();
  if (missing_count > kNamedMissing) {
    missing += " and " + std::to_string(missing_count - kNamedMissing) + " more";
  }
  return MakeError("missing_shards", "the run was split into " + std::to_string(count) +
                                         " shares; missing: " + missing +
                                         " (merged without them, the run would look like it "
                                         "sent less than its schedule)");
}

// The transports the shares used, each once, in name order ("curl+http1"); unnamed ones
// (results written before transports were named) are left out.
std::string MergedTransport(const std::vector<RunResult>& shards) {
  std::set<std::string> names;
  for (const RunResult& shard : shards) {
    if (!shard.transport.empty()) names.insert(shard.transport);
  }
  std::string merged;
  for (const std::string& name : names) merged += (merged.empty() ? "" : "+") + name;
  return merged;
}

Status CheckSameRun(const std::vector<RunResult>& shards, const Names& names) {
  if (Status shares = CheckShareSet(shards, names); !shares.ok()) return shares;
  const RunResult& first = shards.front();
  for (size_t i = 1; i < shards.size(); ++i) {
    if (shards[i].target_url != first.target_url) {
      return ShardMismatch(names, i, "target_url", first.target_url, shards[i].target_url);
    }
    if (shards[i].path != first.path) {
      return ShardMismatch(names, i, "path", first.path, shards[i].path);
    }
    if (shards[i].schedule != first.schedule) {
      return ShardMismatch(names, i, "schedule", first.schedule, shards[i].schedule);
    }
    // Slow counts against different marks cannot be added into one per-second count.
    if (shards[i].latency_mark != first.latency_mark) {
      return ShardMismatch(names, i, "latency_mark", units::FormatDuration(first.latency_mark),
                           units::FormatDuration(shards[i].latency_mark));
    }
    // Shards of one run start together; bounded, the offsets between them cannot overflow.
    if (StartsApart(first, shards[i]) > kMaxShardStartSpread) {
      return MakeError("shard_mismatch",
                       names[i] + " started more than " +
                           units::FormatDuration(kMaxShardStartSpread) + " apart from " +
                           names.front() + ": only shards of one run can be merged");
    }
  }
  return Status::Ok();
}

Status MergeHistogram(const std::string& shard_name, std::string_view name,
                      const stats::Histogram& from, stats::Histogram& into) {
  const Status merged = into.Merge(from);
  if (merged.ok()) return merged;
  return MakeError(merged.error().code,
                   shard_name + " " + std::string(name) + ": " + merged.error().message);
}

// Shifts a shard's windows onto the merged timeline (nearest whole second).
std::vector<stats::WindowSummary> Align(std::vector<stats::WindowSummary> windows,
                                        nanoseconds start_offset) {
  const int64_t shift = std::chrono::round<std::chrono::seconds>(start_offset).count();
  for (auto& window : windows) window.second += shift;
  return windows;
}

void AddCounts(const RunResult& shard, RunResult& total) {
  total.target_rps += shard.target_rps;
  total.peak_rps += shard.peak_rps;
  total.concurrency += shard.concurrency;
  total.duration = std::max(total.duration, shard.duration);
  total.interrupted = total.interrupted || shard.interrupted;
  total.aborted = total.aborted || shard.aborted;
  total.scheduled += shard.scheduled;
  total.sent += shard.sent;
  total.dropped += shard.dropped;
  total.dropped_at_cap += shard.dropped_at_cap;
  total.not_sent_at_stop += shard.not_sent_at_stop;
  total.completed += shard.completed;
  total.ok += shard.ok;
  total.errors += shard.errors;
  total.abandoned_in_flight += shard.abandoned_in_flight;
  total.achieved_rps += shard.achieved_rps;
  for (const auto& [category, count] : shard.errors_by_category) {
    total.errors_by_category[category] += count;
  }
  for (const auto& [status, count] : shard.status_counts) total.status_counts[status] += count;
  for (const auto& [status, count] : shard.error_status_counts) {
    total.error_status_counts[status] += count;
  }
  total.ok_without_event_id += shard.ok_without_event_id;
  total.duplicate_event_ids += shard.duplicate_event_ids;
}

// Each shard's ids are distinct already; an id another shard returned first is a repeat too.
void AddDistinctEventIds(const std::vector<RunResult>& shards, RunResult& total) {
  std::vector<std::vector<std::string>> ids;
  ids.reserve(shards.size());
  for (const RunResult& shard : shards) ids.push_back(shard.event_ids);
  std::vector<std::vector<std::string>*> lists;
  for (std::vector<std::string>& list : ids) lists.push_back(&list);
  total.duplicate_event_ids += EraseRepeatedTextIds(lists);
  for (std::vector<std::string>& list : ids) {
    total.event_ids.insert(total.event_ids.end(), std::make_move_iterator(list.begin()),
                           std::make_move_iterator(list.end()));
  }
}

}  // namespace

Result<RunResult> MergeRunResults(const std::vector<RunResult>& shards) {
  Names names;
  for (size_t i = 0; i < shards.size(); ++i) names.push_back("shard " + std::to_string(i));
  return MergeRunResults(shards, names);
}

Result<RunResult> MergeRunResults(const std::vector<RunResult>& shards, const Names& names) {
  if (names.size() != shards.size()) return MergeRunResults(shards);  // violated precondition
  if (shards.empty()) return MakeError("no_shards", "no shard results to merge");
  if (const Status same = CheckSameRun(shards, names); !same.ok()) return same.error();

  const auto earliest = std::min_element(
      shards.begin(), shards.end(),
      [](const RunResult& a, const RunResult& b) { return a.started_at < b.started_at; });
  RunResult total;
  total.target_url = shards.front().target_url;
  total.path = shards.front().path;
  total.schedule = shards.front().schedule;
  total.transport = MergedTransport(shards);
  total.latency_mark = shards.front().latency_mark;
  total.burst_windows = earliest->burst_windows;
  total.started_at = earliest->started_at;
  total.finished_at = shards.front().finished_at;
  total.latency = stats::Histogram(shards.front().latency.range());
  total.ok_latency = stats::Histogram(shards.front().ok_latency.range());
  total.failed_latency = stats::Histogram(shards.front().failed_latency.range());
  total.service_time = stats::Histogram(shards.front().service_time.range());
  total.ok_service_time = stats::Histogram(shards.front().ok_service_time.range());
  total.send_lateness = stats::Histogram(shards.front().send_lateness.range());
  total.slot_wait = stats::Histogram(shards.front().slot_wait.range());

  std::vector<std::vector<stats::WindowSummary>> windows;
  std::vector<internal::ShiftedPlan> plans;
  for (size_t i = 0; i < shards.size(); ++i) {
    const RunResult& shard = shards[i];
    for (const Status& status :
         {MergeHistogram(names[i], "latency", shard.latency, total.latency),
          MergeHistogram(names[i], "ok_latency", shard.ok_latency, total.ok_latency),
          MergeHistogram(names[i], "failed_latency", shard.failed_latency, total.failed_latency),
          MergeHistogram(names[i], "service_time", shard.service_time, total.service_time),
          MergeHistogram(names[i], "ok_service_time", shard.ok_service_time, total.ok_service_time),
          MergeHistogram(names[i], "send_lateness", shard.send_lateness, total.send_lateness),
          MergeHistogram(names[i], "slot_wait", shard.slot_wait, total.slot_wait)}) {
      if (!status.ok()) return status.error();
    }
    AddCounts(shard, total);
    const nanoseconds start_offset = shard.started_at - total.started_at;
    total.finished_at = std::max(total.finished_at, shard.finished_at);
    total.sending_time = std::max(total.sending_time, start_offset + shard.sending_time);
    windows.push_back(Align(shard.per_second, start_offset));
    plans.push_back({&shard.rate_plan, start_offset});
  }
  total.rate_plan = internal::SumRatePlans(plans);
  AddDistinctEventIds(shards, total);
  total.per_second = stats::MergeWindows(windows);
  return total;
}

}  // namespace slogate::load
