#include "read_back.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "slogate/common/json_text.h"
#include "slogate/common/quote.h"
#include "slogate/scrape/audit_types.h"

namespace slogate::scrape {
namespace {

bool NamesTheEvent(const nlohmann::json& record, const std::string& event_id) {
  if (!record.is_object()) return false;
  return std::any_of(record.begin(), record.end(), [&](const nlohmann::json& member) {
    return member.is_string() && member.get_ref<const std::string&>() == event_id;
  });
}

}  // namespace

HttpGetOptions ReadBackGetOptions(std::chrono::milliseconds timeout,
                                  const std::string& bearer_token) {
  HttpGetOptions get;
  get.timeout = timeout;
  get.connect_timeout = timeout;
  get.accept = "application/json";
  get.bearer_token = bearer_token;
  // One record; a target answering with more cannot grow the suite's memory.
  get.max_body_bytes = kMaxRecordBytes;
  return get;
}

std::string ReadBackUrl(CurlEasy& easy, const std::string& url_template,
                        const std::string& event_id) {
  return AuditUrl(url_template, easy.EscapePathSegment(event_id));
}

ReadBack ReadBackFrom(const std::string& url, const std::string& event_id,
                      const Result<HttpResponse>& response) {
  if (!response.ok()) return ReadBack{ReadBackAnswer::kFailed, response.error().message};
  if (response->status == 200) {
    // The record must be the one asked for: an audit route answering 200 to any id (a
    // catch-all route, a front page) would otherwise make every write look replicated. The
    // contract's record carries its event_id; any top-level member holding the id will do.
    if (JsonNestingDepth(response->body, kMaxJsonNesting) <= kMaxJsonNesting &&
        NamesTheEvent(nlohmann::json::parse(response->body, nullptr, false), event_id)) {
      return ReadBack{ReadBackAnswer::kReadable, ""};
    }
    return ReadBack{ReadBackAnswer::kFailed,
                    "GET " + url + ": HTTP status 200, but the body is not the record of " +
                        QuoteForMessage(event_id) + " (no top-level member holds that id)"};
  }
  if (response->status == 404) return ReadBack{ReadBackAnswer::kAbsent, ""};
  return ReadBack{ReadBackAnswer::kFailed, "GET " + url + ": HTTP status " +
                                               std::to_string(response->status) +
                                               " (expected 200 or 404)"};
}

}  // namespace slogate::scrape
