#include "slogate/scrape/audit.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <thread>

#include "curl_easy.h"

namespace slogate::scrape {
namespace {

constexpr std::string_view kPlaceholder = "{event_id}";

std::uint64_t Fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

enum class Answer { kFound, kNotFound, kError };

struct Check {
  Answer answer = Answer::kError;
  std::string error;
};

Check CheckOne(CurlEasy& easy, const AuditOptions& options, const HttpGetOptions& get,
               const std::string& event_id) {
  const std::string url = AuditUrl(options.url_template, easy.EscapePathSegment(event_id));
  Result<HttpResponse> response = easy.Get(url, get);
  if (!response.ok()) return Check{Answer::kError, response.error().message};
  if (response->status == 200) return Check{Answer::kFound, ""};
  if (response->status == 404) return Check{Answer::kNotFound, ""};
  return Check{Answer::kError, "GET " + url + ": HTTP status " + std::to_string(response->status) +
                                   " (expected 200 or 404)"};
}

// Checks every id once, one worker thread per handle pulling ids from a shared cursor.
std::vector<Check> CheckRound(std::vector<std::unique_ptr<CurlEasy>>& handles,
                              const AuditOptions& options, const std::vector<std::string>& ids) {
  HttpGetOptions get;
  get.timeout = options.request_timeout;
  get.connect_timeout = options.request_timeout;
  get.accept = "application/json";
  get.bearer_token = options.bearer_token;

  std::vector<Check> checks(ids.size());
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
    const std::vector<Check> checks = CheckRound(handles, options, pending);
    const size_t pending_before = pending.size();
    std::vector<std::string> not_found;
    for (size_t i = 0; i < checks.size(); ++i) {
      switch (checks[i].answer) {
        case Answer::kFound:
          ++result.found;
          break;
        case Answer::kError:
          if (result.errors++ == 0) result.first_error = checks[i].error;
          break;
        case Answer::kNotFound:
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

Status ValidateAuditTemplate(std::string_view url_template) {
  if (url_template.find(kPlaceholder) == std::string_view::npos) {
    return MakeError("bad_audit_template", "audit URL template \"" + std::string(url_template) +
                                               "\" has no {event_id} placeholder");
  }
  return Status::Ok();
}

std::vector<std::string> AuditSample(const std::vector<std::string>& event_ids,
                                     std::uint64_t all_below, std::uint64_t sample_size) {
  if (event_ids.size() <= all_below || event_ids.size() <= sample_size) return event_ids;
  std::vector<std::pair<std::uint64_t, size_t>> ranked;  // (hash, position)
  ranked.reserve(event_ids.size());
  for (size_t i = 0; i < event_ids.size(); ++i) ranked.emplace_back(Fnv1a(event_ids[i]), i);
  const auto cut = ranked.begin() + static_cast<std::ptrdiff_t>(sample_size);
  std::nth_element(ranked.begin(), cut, ranked.end());
  ranked.resize(sample_size);
  std::sort(ranked.begin(), ranked.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  std::vector<std::string> sample;
  sample.reserve(ranked.size());
  for (const auto& [hash, position] : ranked) sample.push_back(event_ids[position]);
  return sample;
}

std::string AuditUrl(std::string_view url_template, std::string_view escaped_id) {
  std::string url;
  size_t from = 0;
  for (size_t at = url_template.find(kPlaceholder); at != std::string_view::npos;
       at = url_template.find(kPlaceholder, from)) {
    url.append(url_template.substr(from, at - from));
    url.append(escaped_id);
    from = at + kPlaceholder.size();
  }
  url.append(url_template.substr(from));
  return url;
}

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
