#include "slogate/scrape/http_answer.h"

#include "curl_easy.h"

namespace slogate::scrape {

Result<long> HttpStatusOf(const std::string& url, std::chrono::milliseconds timeout,
                          const std::string& bearer_token) {
  CurlEasy easy;
  HttpGetOptions options;
  options.timeout = timeout;
  options.connect_timeout = timeout;
  options.bearer_token = bearer_token;
  options.max_body_bytes = std::size_t{64} << 10;
  Result<HttpResponse> response = easy.Get(url, options);
  if (!response.ok()) return response.error();
  return response->status;
}

}  // namespace slogate::scrape
