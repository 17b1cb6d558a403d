#include "curl_easy.h"

#include <algorithm>
#include <stdexcept>

#include "slogate/curl/global_init.h"

namespace slogate::scrape {
namespace {

long Milliseconds(std::chrono::milliseconds duration) {
  return static_cast<long>(std::max<std::chrono::milliseconds::rep>(duration.count(), 1));
}

std::string TransportErrorCode(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return "unreachable";
    case CURLE_OPERATION_TIMEDOUT:
      return "timeout";
    case CURLE_ABORTED_BY_CALLBACK:
      return "interrupted";
    default:
      return "transport";
  }
}

}  // namespace

void HeaderList::Add(const std::string& header) {
  curl_slist* grown = curl_slist_append(list_, header.c_str());
  if (grown == nullptr) throw std::runtime_error("out of memory building HTTP headers");
  list_ = grown;
}

void HeaderList::Clear() {
  curl_slist_free_all(list_);
  list_ = nullptr;
}

CurlEasy::CurlEasy() {
  if (Status init = curl::EnsureGlobalInit(); !init.ok()) {
    throw std::runtime_error(init.error().message);
  }
  handle_ = curl_easy_init();
  if (handle_ == nullptr) throw std::runtime_error("curl_easy_init failed");
}

CurlEasy::~CurlEasy() { curl_easy_cleanup(handle_); }

std::size_t CurlEasy::OnBody(char* data, std::size_t size, std::size_t count, void* self) {
  auto* easy = static_cast<CurlEasy*>(self);
  const std::size_t bytes = size * count;
  if (easy->body_.size() + bytes > easy->max_body_bytes_) {
    easy->body_too_large_ = true;
    return 0;  // makes libcurl abort the transfer with CURLE_WRITE_ERROR
  }
  easy->body_.append(data, bytes);
  return bytes;
}

int CurlEasy::OnProgress(void* abort, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  // Non-zero makes libcurl end the transfer with CURLE_ABORTED_BY_CALLBACK.
  return static_cast<const std::atomic<bool>*>(abort)->load() ? 1 : 0;
}

Result<HttpResponse> CurlEasy::Get(const std::string& url, const HttpGetOptions& options) {
  Prepare(url, options);
  return Finish(curl_easy_perform(handle_), url, options);
}

void CurlEasy::Prepare(const std::string& url, const HttpGetOptions& options) {
  // curl_easy_reset clears the options of the previous request but keeps the connection cache,
  // so consecutive GETs to one endpoint reuse its connection.
  curl_easy_reset(handle_);
  body_.clear();
  body_too_large_ = false;
  max_body_bytes_ = options.max_body_bytes;
  error_buffer_[0] = '\0';

  headers_.Clear();
  if (!options.accept.empty()) headers_.Add("Accept: " + options.accept);
  if (!options.bearer_token.empty()) headers_.Add("Authorization: Bearer " + options.bearer_token);

  curl_easy_setopt(handle_, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle_, CURLOPT_HTTPGET, 1L);
  curl_easy_setopt(handle_, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: thread-safe
  curl_easy_setopt(handle_, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle_, CURLOPT_TIMEOUT_MS, Milliseconds(options.timeout));
  curl_easy_setopt(handle_, CURLOPT_CONNECTTIMEOUT_MS,
                   Milliseconds(std::min(options.connect_timeout, options.timeout)));
  curl_easy_setopt(handle_, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl decodes
  curl_easy_setopt(handle_, CURLOPT_HTTPHEADER, headers_.get());
  if (!options.basic_user.empty()) {
    curl_easy_setopt(handle_, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(handle_, CURLOPT_USERNAME, options.basic_user.c_str());
    curl_easy_setopt(handle_, CURLOPT_PASSWORD, options.basic_password.c_str());
  }
  curl_easy_setopt(handle_, CURLOPT_WRITEFUNCTION, &CurlEasy::OnBody);
  curl_easy_setopt(handle_, CURLOPT_WRITEDATA, this);
  curl_easy_setopt(handle_, CURLOPT_ERRORBUFFER, error_buffer_.data());
  if (options.abort != nullptr) {
    curl_easy_setopt(handle_, CURLOPT_XFERINFOFUNCTION, &CurlEasy::OnProgress);
    curl_easy_setopt(handle_, CURLOPT_XFERINFODATA, options.abort);
    curl_easy_setopt(handle_, CURLOPT_NOPROGRESS, 0L);
  }
}

Result<HttpResponse> CurlEasy::Finish(CURLcode code, const std::string& url,
                                      const HttpGetOptions& options) {
  headers_.Clear();
  if (code != CURLE_OK) {
    if (body_too_large_) {
      return MakeError("too_large", "GET " + url + ": response larger than " +
                                        std::to_string(options.max_body_bytes) + " bytes");
    }
    const std::string detail =
        error_buffer_[0] != '\0' ? std::string(error_buffer_.data()) : curl_easy_strerror(code);
    std::string what = TransportErrorCode(code);
    const char* label = what == "timeout" ? ": timed out: " : ": ";
    return MakeError(std::move(what), "GET " + url + label + detail);
  }

  HttpResponse response;
  curl_easy_getinfo(handle_, CURLINFO_RESPONSE_CODE, &response.status);
  char* content_type = nullptr;
  curl_easy_getinfo(handle_, CURLINFO_CONTENT_TYPE, &content_type);
  if (content_type != nullptr) response.content_type = content_type;
  response.body = std::move(body_);
  body_.clear();
  return response;
}

std::string CurlEasy::EscapePathSegment(const std::string& text) {
  char* escaped = curl_easy_escape(handle_, text.data(), static_cast<int>(text.size()));
  if (escaped == nullptr) throw std::runtime_error("out of memory escaping a URL segment");
  std::string result(escaped);
  curl_free(escaped);
  return result;
}

}  // namespace slogate::scrape
