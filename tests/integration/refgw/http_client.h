// Loopback HTTP for the refgw integration tests: libcurl for well-formed requests, a raw socket
// for bytes no client library would send.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace slogate::refgw::testing {

struct HttpResult {
  long status = 0;                             // 0 when the request failed (see error)
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string error;
};

// One request with a 10 s timeout. `headers` are "Name: value" lines.
HttpResult Fetch(const std::string& method, const std::string& url,
                 const std::vector<std::string>& headers = {}, const std::string& body = "");

// Sends `bytes` on a fresh connection to 127.0.0.1:`port` and returns everything the server
// sent back until it closed the connection or `timeout` passed.
std::string RawExchange(uint16_t port, const std::string& bytes, std::chrono::milliseconds timeout);

}  // namespace slogate::refgw::testing
