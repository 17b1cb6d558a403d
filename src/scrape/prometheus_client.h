// PrometheusClient: GETs of Prometheus's HTTP API for PrometheusSource, over one reused
// libcurl handle (one connection kept alive across a run's queries).
//
// Credentials (bearer token, basic user and password, or user:password in the URL) are sent
// with every request and registered with common/secrets, so no output prints them; the URL in
// messages and evidence is the one without them. Not thread-safe: one object per thread.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "curl_easy.h"
#include "slogate/common/result.h"
#include "slogate/scrape/prometheus_source.h"

namespace slogate::scrape {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

class PrometheusClient {
 public:
  // Throws std::runtime_error when libcurl cannot be set up (as CurlEasy does).
  explicit PrometheusClient(const PrometheusOptions& options);

  // The body of a 200 answer to GET <url><path>?<params, URL-encoded>. Errors:
  //  - "prometheus_unreachable": no answer (connect, TLS, timeout) or an HTTP status other than
  //    200 that is not an API error, e.g. 401 (the message says which credentials to check);
  //  - "prometheus_error": an API error answer (bad_data, timeout, execution...), any status;
  //  - "bad_prometheus_answer": an answer larger than max_response_bytes;
  //  - "interrupted": the stop flag was set.
  // Every message names the URL without credentials.
  Result<std::string> Get(std::string_view path, const QueryParams& params);

  // PROMETHEUS_URL without credentials and without a trailing '/'.
  const std::string& url() const { return url_; }

  // The text of the request Get sends for `path` and `params`, without credentials.
  std::string RequestText(std::string_view path, const QueryParams& params);

 private:
  CurlEasy easy_;
  std::string url_;
  HttpGetOptions get_;
};

// `url` without a "user:password@" part: {url without it, user, password}.
struct UrlCredentials {
  std::string url;
  std::string user;
  std::string password;
};
UrlCredentials SplitUrlCredentials(std::string_view url);

}  // namespace slogate::scrape
