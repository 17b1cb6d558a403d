// Whether a URL answers HTTP at all, for checks made before any load is sent (the suite's
// pre-flight): the status of one small GET, or why there was none.
#pragma once

#include <chrono>
#include <string>

#include "slogate/common/result.h"

namespace slogate::scrape {

// GETs `url` (body capped at 64 KiB, discarded) and returns the HTTP status; the error of a
// scrape ("unreachable", "timeout", ...) when nothing answered within `timeout`, or
// "too_large" when it answered with a bigger body (it did answer). The bearer
// token, when not empty, is sent as "Authorization: Bearer" and never logged. Thread-safe.
Result<long> HttpStatusOf(const std::string& url, std::chrono::milliseconds timeout,
                          const std::string& bearer_token = "");

}  // namespace slogate::scrape
