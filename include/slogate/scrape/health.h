// The gateway's health report (GET /v1/health). Fetching it also makes the gateway refresh its
// DLQ depth gauge, so the suite calls it right before its final scrape.
#pragma once

#include <atomic>
#include <chrono>
#include <string>

#include "slogate/common/result.h"
#include "slogate/scrape/health_report.h"

namespace slogate::scrape {

// GETs `health_url` and parses the answer. Errors: the transport ones of a scrape
// ("unreachable", "timeout", ...), "http_status" for a status other than 200, "bad_health".
// Thread-safe (each call uses its own connection). Once `*abort` is set the request is
// abandoned, error "interrupted" (nullptr: never).
Result<HealthReport> FetchHealth(const std::string& health_url, std::chrono::milliseconds timeout,
                                 const std::atomic<bool>* abort = nullptr);

}  // namespace slogate::scrape
