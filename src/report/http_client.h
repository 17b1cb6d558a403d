// The one HTTP call report makes: sending a body to a URL (the Pushgateway push).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "slogate/common/result.h"

namespace slogate::report {

struct HttpReply {
  long status = 0;
  std::string body;
};

// Sends `body` with `method` ("PUT", "POST") and returns the reply, whatever its status.
// Transport failures are errors (code "http_failed") naming the URL. Thread-safe.
Result<HttpReply> HttpSend(std::string_view method, const std::string& url, std::string_view body,
                           std::string_view content_type, std::chrono::milliseconds timeout);

}  // namespace slogate::report
