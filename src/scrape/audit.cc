#include "slogate/scrape/audit.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <optional>
#include <thread>

#include "curl_easy.h"
#include "read_back.h"
#include "slogate/common/stoppable_wait.h"

namespace slogate::scrape {
namespace {

using Clock = std::chrono::steady_clock;

// One id's check, or nullopt when the audit's stop or cap abandoned it unanswered.
using Check = std::optional<ReadBack>;

// When the audit must end: the stop flag, or its cap (max_drain_period from its start).
struct AuditEnd {
  const std::atomic<bool>* stop = nullptr;
  Clock::time_point cap;
  bool Reached() const { return StopRequested(stop) || Clock::now() >= cap; }
};

// The audit's whole time: max_drain_period, but never less than one request timeout, so a
// max_drain_period of 0 ("do not wait for a backlog") still reads every id back once from a
// target that answers, instead of leaving them all unchecked.
std::chrono::milliseconds AuditBudget(const AuditOptions& options) {
  return std::max(options.max_drain_period, options.request_timeout);
}

Check CheckOne(CurlEasy& easy, const AuditOptions& options, HttpGetOptions get,
               const std::string& event_id, const AuditEnd& end) {
  // A request never runs past the cap: its timeout is what is left of the audit.
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end.cap - Clock::now());
  const bool shortened = left < get.timeout;
  get.timeout = std::min(get.timeout, std::max(left, std::chrono::milliseconds(1)));
  get.connect_timeout = std::min(get.connect_timeout, get.timeout);
  const std::string url = ReadBackUrl(easy, options.url_template, event_id);
  const Result<HttpResponse> response = easy.Get(url, get);
  if (!response.ok() && (response.error().code == "interrupted" ||
                         (shortened && response.error().code == "timeout"))) {
    return std::nullopt;
  }
  return ReadBackFrom(url, event_id, response);
}

// Checks every id once, one worker thread per handle pulling ids from a shared cursor, until
// `end` is reached.
std::vector<Check> CheckRound(std::vector<std::unique_ptr<CurlEasy>>& handles,
                              const AuditOptions& options, const std::vector<std::string>& ids,
                              const AuditEnd& end) {
  HttpGetOptions get = ReadBackGetOptions(options.request_timeout, options.bearer_token);
  get.abort = options.stop;
  std::vector<Check> checks(ids.size());
  std::atomic<size_t> cursor{0};
  auto work = [&](CurlEasy& easy) {
    for (size_t i = cursor.fetch_add(1); i < ids.size() && !end.Reached();
         i = cursor.fetch_add(1)) {
      checks[i] = CheckOne(easy, options, get, ids[i], end);
    }
  };
  const size_t workers = std::min(handles.size(), ids.size());
  std::vector<std::jthread> threads;
  threads.reserve(workers);
  for (size_t w = 0; w < workers; ++w) threads.emplace_back(work, std::ref(*handles[w]));
  threads.clear();  // joins
  return checks;
}

// Tallies one round into `result`; returns the ids to ask again: those that answered 404, and
// those the audit's end left unasked that a 404 answered before (they are missing so far).
// Ids that no request ever answered go to `unanswered`.
std::vector<std::string> Tally(const std::vector<Check>& checks, std::vector<std::string>& ids,
                               bool first_round, AuditResult& result,
                               std::vector<std::string>& unanswered) {
  std::vector<std::string> not_found;
  for (size_t i = 0; i < checks.size(); ++i) {
    if (!checks[i]) {
      (first_round ? unanswered : not_found).push_back(std::move(ids[i]));
      continue;
    }
    switch (checks[i]->answer) {
      case ReadBackAnswer::kReadable:
        ++result.found;
        break;
      case ReadBackAnswer::kFailed:
        if (result.errors++ == 0) result.first_error = checks[i]->error;
        break;
      case ReadBackAnswer::kAbsent:
        not_found.push_back(std::move(ids[i]));
        break;
    }
  }
  return not_found;
}

void RunRounds(const AuditOptions& options, std::vector<std::string> pending, AuditResult& result) {
  const size_t workers = static_cast<size_t>(std::clamp(options.concurrency, 1, 64));
  std::vector<std::unique_ptr<CurlEasy>> handles;  // kept across rounds: connections stay open
  for (size_t w = 0; w < std::min(workers, pending.size()); ++w) {
    handles.push_back(std::make_unique<CurlEasy>());
  }
  const auto start = Clock::now();
  const AuditEnd end{options.stop, start + AuditBudget(options)};
  const auto drain_end = start + std::min(options.drain_period, options.max_drain_period);
  auto last_found = start - options.progress_window;  // nothing found yet
  auto now = start;
  std::vector<std::string> unanswered;
  for (bool first_round = true; !pending.empty(); first_round = false) {
    const std::vector<Check> checks = CheckRound(handles, options, pending, end);
    const size_t pending_before = pending.size();
    pending = Tally(checks, pending, first_round, result, unanswered);
    now = Clock::now();
    // Progress: some id was answered other than 404 (only the first round fills `unanswered`).
    if (pending.size() + unanswered.size() < pending_before) last_found = now;
    const bool arriving = now - last_found < options.progress_window;
    const auto deadline = arriving ? end.cap : drain_end;
    const bool cut_short = std::any_of(checks.begin(), checks.end(),
                                       [](const Check& check) { return !check.has_value(); });
    if (pending.empty() || cut_short || now >= deadline) break;
    // Not yet replicated: give the replicator time before asking again.
    if (!WaitUntilUnlessStopped(std::min(now + options.retry_interval, deadline), options.stop)) {
      break;
    }
  }
  now = Clock::now();
  result.interrupted = StopRequested(options.stop);
  result.unchecked = unanswered.size();
  result.drained_for = std::chrono::duration_cast<std::chrono::milliseconds>(now - start);
  result.still_arriving = !pending.empty() && now - last_found < options.progress_window;
  result.missing_count = pending.size();
  pending.resize(std::min(pending.size(), options.max_missing_listed));
  result.missing = std::move(pending);
}

}  // namespace

AuditResult AuditEventIds(const AuditOptions& options, const std::vector<std::string>& event_ids) {
  AuditResult result;
  result.acknowledged = event_ids.size();
  std::vector<std::string> sample = AuditSample(event_ids, options.all_below, options.sample_size);
  result.checked = sample.size();
  if (Status valid = ValidateAuditTemplate(options.url_template); !valid.ok()) {
    result.errors = result.checked;
    result.first_error = valid.error().message;
    return result;
  }
  try {
    RunRounds(options, std::move(sample), result);
  } catch (const std::exception& error) {  // libcurl could not allocate a handle or a thread
    result.errors = result.checked - result.found;
    result.first_error = std::string("audit aborted: ") + error.what();
  }
  return result;
}

}  // namespace slogate::scrape
