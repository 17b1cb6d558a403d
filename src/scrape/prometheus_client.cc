#include "prometheus_client.h"

#include <algorithm>

#include "slogate/common/base64url.h"
#include "slogate/common/quote.h"
#include "slogate/common/secrets.h"
#include "slogate/scrape/prometheus_answer.h"

namespace slogate::scrape {

UrlCredentials SplitUrlCredentials(std::string_view url) {
  UrlCredentials split{std::string(url), "", ""};
  const size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return split;
  const size_t authority = scheme + 3;
  const size_t end = url.find_first_of("/?#", authority);
  const std::string_view host_part = url.substr(authority, end - authority);
  const size_t at = host_part.rfind('@');
  if (at == std::string_view::npos) return split;
  const std::string_view userinfo = host_part.substr(0, at);
  const size_t colon = userinfo.find(':');
  split.user = std::string(userinfo.substr(0, colon));
  if (colon != std::string_view::npos) split.password = std::string(userinfo.substr(colon + 1));
  split.url = std::string(url.substr(0, authority)) + std::string(url.substr(authority + at + 1));
  return split;
}

PrometheusClient::PrometheusClient(const PrometheusOptions& options) {
  UrlCredentials split = SplitUrlCredentials(options.url);
  url_ = std::move(split.url);
  while (!url_.empty() && url_.back() == '/') url_.pop_back();
  get_.timeout = options.request_timeout;
  get_.connect_timeout = std::min(options.request_timeout, std::chrono::milliseconds(5000));
  get_.accept = "application/json";
  get_.bearer_token = options.bearer_token;
  get_.basic_user = options.basic_user.empty() ? split.user : options.basic_user;
  get_.basic_password = options.basic_user.empty() ? split.password : options.basic_password;
  get_.max_body_bytes = options.max_response_bytes;
  get_.abort = options.stop;
  for (const std::string* secret : {&get_.bearer_token, &get_.basic_password}) {
    secrets::Register(*secret);
  }
  // What goes on the wire is "Authorization: Basic base64(user:password)"; a server or proxy
  // that echoes the header must not carry the credential into an output in that shape either.
  if (!get_.basic_user.empty()) {
    secrets::Register(base64url::EncodeStandard(get_.basic_user + ":" + get_.basic_password));
  }
}

std::string PrometheusClient::RequestText(std::string_view path, const QueryParams& params) {
  std::string text = url_ + std::string(path);
  for (size_t i = 0; i < params.size(); ++i) {
    text +=
        (i == 0 ? "?" : "&") + params[i].first + "=" + easy_.EscapePathSegment(params[i].second);
  }
  return text;
}

Result<std::string> PrometheusClient::Get(std::string_view path, const QueryParams& params) {
  const std::string request = RequestText(path, params);
  Result<HttpResponse> response = easy_.Get(request, get_);
  if (!response.ok()) {
    const Error& error = response.error();
    if (error.code == "interrupted") return error;
    if (error.code == "too_large") {
      return Error{"bad_prometheus_answer",
                   secrets::Redact(error.message) +
                       "; narrow PROM_SELECTOR or shorten the run (the limit is the source's "
                       "max_response_bytes)"};
    }
    return Error{"prometheus_unreachable",
                 secrets::Redact(error.message) + "; is PROMETHEUS_URL right and the server up?"};
  }
  if (response->status == 200) return std::move(response->body);
  const std::string status = "GET " + request + ": HTTP " + std::to_string(response->status);
  // Prometheus sends its API errors (bad_data 400, execution 422, timeout 503) with a JSON body.
  Result<std::vector<PromSeries>> api = ParsePromQueryAnswer(response->body, status);
  if (!api.ok() && api.error().code == "prometheus_error") {
    return Error{"prometheus_error", secrets::Redact(api.error().message)};
  }
  if (response->status == 401 || response->status == 403) {
    return Error{"prometheus_unreachable",
                 status +
                     ": the server refused the request's credentials; check "
                     "PROMETHEUS_BEARER_TOKEN, or PROMETHEUS_USER and PROMETHEUS_PASSWORD"};
  }
  return Error{"prometheus_unreachable",
               status + ": " +
                   // Redacted whole before it is cut, so no part of a secret is left.
                   QuoteForMessage(secrets::Redact(response->body)) +
                   "; is PROMETHEUS_URL the Prometheus server (not a proxy or its UI)?"};
}

}  // namespace slogate::scrape
