#include "http1_request.h"

#include <curl/curl.h>

#include <memory>
#include <string_view>
#include <vector>

#include "ascii.h"

namespace slogate::load {
namespace {

std::string_view NameOf(std::string_view header) { return header.substr(0, header.find(':')); }

// A URL part as libcurl sends it; empty when absent (a port the scheme implies is absent).
std::string UrlPart(CURLU* url, CURLUPart part) {
  char* text = nullptr;
  if (curl_url_get(url, part, &text, CURLU_NO_DEFAULT_PORT) != CURLUE_OK || text == nullptr) {
    return "";
  }
  std::string copy(text);
  curl_free(text);
  return copy;
}

}  // namespace

Result<std::string> RenderHttp1Head(const PreparedRequest& request) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(), &curl_url_cleanup);
  // As libcurl reads a transfer's URL: a path outside ASCII goes out percent-encoded.
  if (url == nullptr ||
      curl_url_set(url.get(), CURLUPART_URL, request.url.c_str(), CURLU_URLENCODE) != CURLUE_OK) {
    return MakeError("bad_target_url", "libcurl cannot read the request URL " + request.url);
  }
  const std::string port = UrlPart(url.get(), CURLUPART_PORT);
  std::string target = UrlPart(url.get(), CURLUPART_PATH);
  if (target.empty()) target = "/";
  if (const std::string query = UrlPart(url.get(), CURLUPART_QUERY); !query.empty()) {
    target += "?" + query;
  }
  std::string head = request.method + " " + target + " HTTP/1.1\r\n";
  if (!HasHeader(request.headers, "Host")) {
    head +=
        "Host: " + UrlPart(url.get(), CURLUPART_HOST) + (port.empty() ? "" : ":" + port) + "\r\n";
  }
  if (!HasHeader(request.headers, "Accept")) head += "Accept: */*\r\n";
  for (const std::string& header : request.headers) {
    const std::string_view name = NameOf(header);
    if (EqualsIgnoringAsciiCase(name, "Content-Length") ||
        EqualsIgnoringAsciiCase(name, "Transfer-Encoding")) {
      continue;
    }
    const std::string_view value = std::string_view(header).substr(name.size() + 1);
    if (value.find_first_not_of(" \t") == std::string_view::npos) continue;  // libcurl's "unset"
    head += header + "\r\n";
  }
  if (request.has_body || request.method == "POST") {
    head += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
  }
  head += "\r\n";
  return head;
}

}  // namespace slogate::load
