#include "read_back.h"

#include "slogate/scrape/audit_types.h"

namespace slogate::scrape {

HttpGetOptions ReadBackGetOptions(std::chrono::milliseconds timeout,
                                  const std::string& bearer_token) {
  HttpGetOptions get;
  get.timeout = timeout;
  get.connect_timeout = timeout;
  get.accept = "application/json";
  get.bearer_token = bearer_token;
  return get;
}

std::string ReadBackUrl(CurlEasy& easy, const std::string& url_template,
                        const std::string& event_id) {
  return AuditUrl(url_template, easy.EscapePathSegment(event_id));
}

ReadBack ReadBackFrom(const std::string& url, const Result<HttpResponse>& response) {
  if (!response.ok()) return ReadBack{ReadBackAnswer::kFailed, response.error().message};
  if (response->status == 200) return ReadBack{ReadBackAnswer::kReadable, ""};
  if (response->status == 404) return ReadBack{ReadBackAnswer::kAbsent, ""};
  return ReadBack{ReadBackAnswer::kFailed, "GET " + url + ": HTTP status " +
                                               std::to_string(response->status) +
                                               " (expected 200 or 404)"};
}

}  // namespace slogate::scrape
