// Incremental HTTP/1.1 request parsing over a connection's input buffer.
//
// ParseRequest looks at the bytes received so far and says whether they hold one complete
// request (and how many bytes it used, so pipelined requests that follow stay in the buffer),
// need more bytes, or can never become a valid request (with the status to answer). Only
// Content-Length bodies are supported; Transfer-Encoding is answered with 501.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "http_message.h"

namespace slogate::refgw::http {

struct ParseLimits {
  size_t max_header_bytes = 16 * 1024;  // request line + headers; more -> 431
  size_t max_body_bytes = 1024 * 1024;  // Content-Length above this -> 413
};

enum class ParseStatus { kIncomplete, kComplete, kError };

struct ParseOutcome {
  ParseStatus status = ParseStatus::kIncomplete;
  size_t consumed = 0;            // kComplete: bytes of this request (headers + body)
  size_t bytes_needed = 0;        // kIncomplete with headers read: total bytes the request needs
  bool expects_continue = false;  // kIncomplete: headers done, client waits for "100 Continue"
  int error_status = 0;           // kError: 400, 413, 431, 501 or 505
  std::string error_message;      // kError: what was wrong, for the response body
};

// Parses the request at the start of `buffer` into `*request` (filled only on kComplete).
// Pure; never reads past `buffer`.
ParseOutcome ParseRequest(std::string_view buffer, const ParseLimits& limits, Request* request);

}  // namespace slogate::refgw::http
