// Loopback HTTP for the project's tests: libcurl for well-formed requests (one connection kept
// alive per HttpClient), and RawExchange for bytes no client library would send.
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace slogate::testing {

inline const std::string kJsonHeader = "Content-Type: application/json";

struct HttpResult {
  long status = 0;                             // 0 when the request failed (see error)
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string error;
};

// One libcurl handle reused across requests, so consecutive requests share a keep-alive
// connection. Each request has a 10 s timeout. Not copyable; one thread at a time.
class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // `headers` are "Name: value" lines; `body` is sent for POST and PUT.
  HttpResult Fetch(const std::string& method, const std::string& url,
                   const std::vector<std::string>& headers = {}, const std::string& body = "");

 private:
  CURL* curl_;
};

// One request on a fresh connection (HttpClient().Fetch).
HttpResult Fetch(const std::string& method, const std::string& url,
                 const std::vector<std::string>& headers = {}, const std::string& body = "");

// Sends `bytes` on a fresh connection to 127.0.0.1:`port` and returns everything the server
// sent back until it closed the connection or `timeout` passed.
std::string RawExchange(uint16_t port, const std::string& bytes, std::chrono::milliseconds timeout);

}  // namespace slogate::testing
