#include "slogate/scrape/audit.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <thread>

#include "curl_easy.h"
#include "read_back.h"

namespace slogate::scrape {
namespace {

ReadBack CheckOne(CurlEasy& easy, const AuditOptions& options, const HttpGetOptions& get,
                  const std::string& event_id) {
  const std::string url = ReadBackUrl(easy, options.url_template, event_id);
  return ReadBackFrom(url, event_id, easy.Get(url, get));
}

// Checks every id once, one worker thread per handle pulling ids from a shared cursor.
std::vector<ReadBack> CheckRound(std::vector<std::unique_ptr<CurlEasy>>& handles,
                                 const AuditOptions& options,
                                 const std::vector<std::string>& ids) {
  const HttpGetOptions get = ReadBackGetOptions(options.request_timeout, options.bearer_token);
  std::vector<ReadBack> checks(ids.size());
  std::atomic<size_t> cursor{0};
  auto work = [&](CurlEasy& easy) {
    for (size_t i = cursor.fetch_add(1); i < ids.size(); i = cursor.fetch_add(1)) {
      checks[i] = CheckOne(easy, options, get, ids[i]);
    }
  };
  const size_t workers = std::min(handles.size(), ids.size());
  std::vector<std::jthread> threads;
  threads.reserve(workers);
  for (size_t w = 0; w < workers; ++w) threads.emplace_back(work, std::ref(*handles[w]));
  threads.clear();  // joins
  return checks;
}

void RunRounds(const AuditOptions& options, std::vector<std::string> pending, AuditResult& result) {
  const size_t workers = static_cast<size_t>(std::clamp(options.concurrency, 1, 64));
  std::vector<std::unique_ptr<CurlEasy>> handles;  // kept across rounds: connections stay open
  for (size_t w = 0; w < std::min(workers, pending.size()); ++w) {
    handles.push_back(std::make_unique<CurlEasy>());
  }
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const auto drain_end = start + options.drain_period;
  const auto hard_end = start + std::max(options.drain_period, options.max_drain_period);
  auto last_found = start - options.progress_window;  // nothing found yet
  auto now = start;
  while (!pending.empty()) {
    const std::vector<ReadBack> checks = CheckRound(handles, options, pending);
    const size_t pending_before = pending.size();
    std::vector<std::string> not_found;
    for (size_t i = 0; i < checks.size(); ++i) {
      switch (checks[i].answer) {
        case ReadBackAnswer::kReadable:
          ++result.found;
          break;
        case ReadBackAnswer::kFailed:
          if (result.errors++ == 0) result.first_error = checks[i].error;
          break;
        case ReadBackAnswer::kAbsent:
          not_found.push_back(std::move(pending[i]));
          break;
      }
    }
    pending = std::move(not_found);
    now = Clock::now();
    if (pending.size() < pending_before) last_found = now;
    const bool arriving = now - last_found < options.progress_window;
    const auto deadline = arriving ? hard_end : drain_end;
    if (pending.empty() || now >= deadline) break;
    // Not yet replicated: give the replicator time before asking again.
    std::this_thread::sleep_until(std::min(now + options.retry_interval, deadline));
  }
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
