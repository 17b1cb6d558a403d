// An RAII handle on one libcurl easy session, reused across requests so the connection to a
// metrics endpoint stays open between scrapes (keep-alive).
//
// Private to scrape: the load engine has its own libcurl multi driver.
#pragma once

#include <curl/curl.h>

#include <array>
#include <atomic>
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
  std::string basic_user;      // HTTP basic auth with basic_password; empty user sends none
  std::string basic_password;  // never in an error
  std::size_t max_body_bytes = std::size_t{256} << 20;  // larger bodies fail the request
  // When set, the transfer is abandoned within libcurl's progress period (about a second at
  // worst, usually milliseconds) once it turns true: a SIGINT ends a hanging GET without
  // waiting out `timeout`. Error code "interrupted". Must outlive the transfer.
  const std::atomic<bool>* abort = nullptr;
};

struct HttpResponse {
  long status = 0;
  std::string content_type;  // empty when the server sent none
  std::string body;          // already decoded from gzip/deflate
};

// Owns a curl_slist of request headers for the duration of one transfer.
class HeaderList {
 public:
  HeaderList() = default;
  ~HeaderList() { curl_slist_free_all(list_); }
  HeaderList(const HeaderList&) = delete;
  HeaderList& operator=(const HeaderList&) = delete;

  // Throws std::runtime_error when libcurl cannot allocate.
  void Add(const std::string& header);
  void Clear();
  curl_slist* get() const { return list_; }

 private:
  curl_slist* list_ = nullptr;
};

// One libcurl easy handle. Not thread-safe: one object per thread. Copy and move are deleted
// because libcurl keeps pointers to this object (write callback data).
//
// Blocking use: Get. Use in a caller's multi handle (the lag prober): Prepare, add handle()
// to the multi, and Finish with the transfer's CURLcode once the multi reports it done.
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
  // "unreachable" (connect/resolve failed), "timeout", "too_large", "interrupted" (the
  // options' abort flag was set) or "transport", and a
  // message that names the URL. The bearer token never appears in an error.
  Result<HttpResponse> Get(const std::string& url, const HttpGetOptions& options);

  // Sets the handle up for a GET of `url` without performing it (the connection cache is kept,
  // so a reused handle reuses its connection). `url` must outlive the transfer.
  void Prepare(const std::string& url, const HttpGetOptions& options);
  // The response of the transfer Prepare set up, which ended with `code`; errors as Get's.
  Result<HttpResponse> Finish(CURLcode code, const std::string& url,
                              const HttpGetOptions& options);

  CURL* handle() const { return handle_; }

  // Escapes `text` for use inside a URL path segment or as a query parameter's value (every
  // byte but the unreserved ones is percent-encoded).
  std::string EscapePathSegment(const std::string& text);

 private:
  static std::size_t OnBody(char* data, std::size_t size, std::size_t count, void* self);
  static int OnProgress(void* abort, curl_off_t, curl_off_t, curl_off_t, curl_off_t);

  CURL* handle_ = nullptr;
  std::string body_;
  HeaderList headers_;
  std::size_t max_body_bytes_ = 0;
  bool body_too_large_ = false;
  std::array<char, CURL_ERROR_SIZE> error_buffer_{};
};

}  // namespace slogate::scrape
