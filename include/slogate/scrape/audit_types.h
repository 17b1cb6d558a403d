// The plain half of the zero-loss audit: its options and result, which ids it checks and the
// URL it asks for each. No I/O; slo reads AuditResult without linking the fetching half
// (audit.h).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/common/result.h"

namespace slogate::scrape {

struct AuditOptions {
  // URL with the placeholder {event_id}, e.g. http://host:8010/v1/admin/memory/{event_id}.
  std::string url_template;
  // Every id is checked when there are at most `all_below` of them; above, a deterministic
  // sample of `sample_size` ids (see AuditSample).
  std::uint64_t all_below = 10000;
  std::uint64_t sample_size = 2000;
  // 404s are retried every `retry_interval` until `drain_period` after the audit started.
  // Past it, the audit goes on while missing ids are still turning up (one was found within
  // the last `progress_window`), up to `max_drain_period`: a replicator working through a
  // backlog is waited for, a loss is not. Ids still 404 at the end are missing.
  // `max_drain_period` caps the whole audit, requests included (a drain_period past it is
  // cut to it; a cap under `request_timeout` is raised to it, so one round can be answered):
  // a request still open then is abandoned, and the ids no request answered are
  // AuditResult::unchecked.
  std::chrono::milliseconds drain_period{30000};
  std::chrono::milliseconds max_drain_period{30000};
  std::chrono::milliseconds progress_window{2000};
  std::chrono::milliseconds retry_interval{200};
  std::chrono::milliseconds request_timeout{2000};
  int concurrency = 8;                  // requests in flight at once
  std::size_t max_missing_listed = 20;  // bound of AuditResult::missing
  std::string bearer_token;             // sent as "Authorization: Bearer"; never logged
  // The run's stop flag (SIGINT/SIGTERM): once set, no request is sent, open ones are
  // abandoned and the audit returns with `interrupted`. nullptr: never stopped.
  const std::atomic<bool>* stop = nullptr;
};

struct AuditResult {
  std::uint64_t acknowledged = 0;            // ids handed to the audit
  std::uint64_t checked = 0;                 // ids requested (all, or the sample)
  std::uint64_t found = 0;                   // answered 200
  std::vector<std::string> missing;          // still 404 at the drain deadline (first few)
  std::uint64_t missing_count = 0;           // all of them
  std::uint64_t errors = 0;                  // other statuses and transport failures
  std::string first_error;                   // the first of those, naming the URL
  std::chrono::milliseconds drained_for{0};  // how long the audit waited in all
  // Missing ids were still turning up when the audit stopped (it reached max_drain_period):
  // the missing ones may be a backlog rather than a loss.
  bool still_arriving = false;
  // Ids of `checked` that no request answered because the audit was cut short — by the stop
  // flag (`interrupted`) or else by its cap, max_drain_period. Not missing and not errors:
  // the audit cannot say whether they were replicated.
  std::uint64_t unchecked = 0;
  bool interrupted = false;
};

// Checks that "{event_id}" occurs in `url_template`. Error code "bad_audit_template".
Status ValidateAuditTemplate(std::string_view url_template);

// The ids an audit checks: all of `event_ids` when there are at most `all_below`, else the
// `sample_size` ids with the smallest FNV-1a hash, which is deterministic, independent of the
// ids' order and spread over the whole run. Returned in the order of `event_ids`. Pure.
std::vector<std::string> AuditSample(const std::vector<std::string>& event_ids,
                                     std::uint64_t all_below, std::uint64_t sample_size);

// `url_template` with "{event_id}" replaced by `escaped_id` (every occurrence). Pure.
std::string AuditUrl(std::string_view url_template, std::string_view escaped_id);

}  // namespace slogate::scrape
