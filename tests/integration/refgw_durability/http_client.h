// A minimal keep-alive libcurl client for the durability test (127.0.0.1 only).
#pragma once

#include <curl/curl.h>

#include <string>

namespace slogate::refgw::store {

struct HttpReply {
  long status = 0;  // 0 when the request failed at the transport level
  std::string body;
};

// One easy handle, reused across requests so the connection is kept alive. Not copyable.
class HttpClient {
 public:
  HttpClient() : curl_(curl_easy_init()) {}
  ~HttpClient() { curl_easy_cleanup(curl_); }
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  HttpReply Get(const std::string& url) { return Perform(url, nullptr); }
  HttpReply PostJson(const std::string& url, const std::string& body) {
    return Perform(url, &body);
  }

 private:
  static size_t Collect(char* data, size_t size, size_t count, void* sink) {
    static_cast<std::string*>(sink)->append(data, size * count);
    return size * count;
  }

  HttpReply Perform(const std::string& url, const std::string* body) {
    HttpReply reply;
    curl_easy_reset(curl_);
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, 10000L);
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, &HttpClient::Collect);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &reply.body);
    curl_slist* headers = nullptr;
    if (body) {
      headers = curl_slist_append(headers, "Content-Type: application/json");
      curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, body->c_str());
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
    }
    if (curl_easy_perform(curl_) == CURLE_OK) {
      curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &reply.status);
    }
    curl_slist_free_all(headers);
    return reply;
  }

  CURL* curl_;
};

}  // namespace slogate::refgw::store
