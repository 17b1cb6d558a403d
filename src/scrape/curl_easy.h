// An RAII handle on one libcurl easy session, reused across requests so the connection to a
// metrics endpoint stays open between scrapes (keep-alive).
//
// Private to scrape: the load engine has its own libcurl multi driver.
#pragma once

#include <curl/curl.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <string>

#include "slogate/common/result.h"

namespace slogate::scrape {

// What one GET should send and how long it may take.
struct HttpGetOptions {
  std::chrono::milliseconds timeout{2000};              // whole transfer
  std::chrono::milliseconds connect_timeout{1000};      // TCP connect (capped at `timeout`)
  std::string accept;                                   // Accept header; empty sends none
  std::string bearer_token;                             // Authorization: Bearer; empty sends none
  std::size_t max_body_bytes = std::size_t{256} << 20;  // larger bodies fail the request
};

struct HttpResponse {
  long status = 0;
  std::string content_type;  // empty when the server sent none
  std::string body;          // already decoded from gzip/deflate
};

// One libcurl easy handle. Not thread-safe: one object per thread. Copy and move are deleted
// because libcurl keeps pointers to this object (write callback data).
class CurlEasy {
 public:
  // Throws std::runtime_error when libcurl cannot initialise or allocate a handle.
  CurlEasy();
  ~CurlEasy();
  CurlEasy(const CurlEasy&) = delete;
  CurlEasy& operator=(const CurlEasy&) = delete;
  CurlEasy(CurlEasy&&) = delete;
  CurlEasy& operator=(CurlEasy&&) = delete;

  // GETs `url`. Any HTTP status is a response; only transport failures are errors, with codes
  // "unreachable" (connect/resolve failed), "timeout", "too_large" or "transport", and a
  // message that names the URL. The bearer token never appears in an error.
  Result<HttpResponse> Get(const std::string& url, const HttpGetOptions& options);

  // Escapes `text` for use inside a URL path segment.
  std::string EscapePathSegment(const std::string& text);

 private:
  static std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* self);

  CURL* handle_ = nullptr;
  std::string body_;
  std::size_t max_body_bytes_ = 0;
  bool body_too_large_ = false;
  std::array<char, CURL_ERROR_SIZE> error_buffer_{};
};

}  // namespace slogate::scrape
