// One read-back of an acknowledged write through the audit URL (200 readable, 404 not yet):
// the request the zero-loss audit and the end-to-end lag prober both send, and how its answer
// is read. Private to scrape.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "curl_easy.h"
#include "slogate/common/result.h"

namespace slogate::scrape {

enum class ReadBackAnswer { kReadable, kAbsent, kFailed };

struct ReadBack {
  ReadBackAnswer answer = ReadBackAnswer::kFailed;
  std::string error;  // kFailed only: names the URL and the status or transport failure
};

// The GET options of a read-back: JSON accepted, the token as "Authorization: Bearer".
HttpGetOptions ReadBackGetOptions(std::chrono::milliseconds timeout,
                                  const std::string& bearer_token);

// The audit URL of `event_id`, escaped as a path segment.
std::string ReadBackUrl(CurlEasy& easy, const std::string& url_template,
                        const std::string& event_id);

// The largest record body a read-back accepts.
inline constexpr std::size_t kMaxRecordBytes = std::size_t{1} << 20;

// 200 with the record of `event_id` (a JSON object with a top-level member holding that id,
// its "event_id" in the contract) → kReadable,
// 404 → kAbsent; anything else (another record, another status, a transport failure) →
// kFailed.
ReadBack ReadBackFrom(const std::string& url, const std::string& event_id,
                      const Result<HttpResponse>& response);

}  // namespace slogate::scrape
