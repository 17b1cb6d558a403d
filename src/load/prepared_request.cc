#include "prepared_request.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "ascii.h"
#include "uuid.h"

namespace slogate::load {
namespace {

// Same length as a UUID so offsets computed on the template stay valid after every write.
constexpr std::string_view kStandIn = "00000000-0000-4000-8000-000000000000";
static_assert(kStandIn.size() == kUuidTextLength);

// Replaces every kUuidPlaceholder with the stand-in and records where each one landed.
void FillCustomBody(const std::string& text, PreparedRequest* prepared) {
  size_t from = 0;
  for (size_t at = text.find(kUuidPlaceholder); at != std::string::npos;
       at = text.find(kUuidPlaceholder, from)) {
    prepared->body.append(text, from, at - from);
    prepared->uuid_offsets.push_back(prepared->body.size());
    prepared->body.append(kStandIn);
    from = at + kUuidPlaceholder.size();
  }
  prepared->body.append(text, from, std::string::npos);
}

}  // namespace

bool HasHeader(const std::vector<std::string>& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(), [name](const std::string& line) {
    return line.size() > name.size() && line[name.size()] == ':' &&
           EqualsIgnoringAsciiCase(std::string_view(line).substr(0, name.size()), name);
  });
}

PreparedRequest PrepareSeedPayload(const RequestTemplate& request) {
  nlohmann::ordered_json payload;
  payload["session_id"] = kStandIn;
  if (!request.persona_id.empty()) payload["persona_id"] = request.persona_id;
  payload["message"] = request.message;
  payload["attachments"] = nlohmann::ordered_json::array();
  if (!request.tenant.empty()) payload["metadata"] = {{"tenant", request.tenant}};
  PreparedRequest prepared;
  prepared.has_body = true;
  prepared.body = payload.dump();
  // session_id is the first member, so its stand-in is the first occurrence.
  prepared.uuid_offsets.push_back(prepared.body.find(kStandIn));
  return prepared;
}

size_t CopyBodyPart(const PreparedRequest& request, std::string_view fresh_ids, size_t position,
                    std::span<char> out) {
  constexpr size_t kLength = static_cast<size_t>(kUuidTextLength);
  const std::string& body = request.body;
  if (position >= body.size()) return 0;
  const size_t end = std::min(body.size(), position + out.size());
  std::memcpy(out.data(), body.data() + position, end - position);
  // The first UUID slot that ends after `position`; offsets ascend, so the rest follow it.
  const auto& offsets = request.uuid_offsets;
  auto slot = std::upper_bound(offsets.begin(), offsets.end(), position,
                               [](size_t at, size_t offset) { return at < offset + kLength; });
  for (; slot != offsets.end() && *slot < end; ++slot) {
    const size_t index = static_cast<size_t>(slot - offsets.begin());
    const size_t from = std::max(*slot, position);
    const size_t to = std::min(*slot + kLength, end);
    std::memcpy(out.data() + (from - position), fresh_ids.data() + index * kLength + (from - *slot),
                to - from);
  }
  return end - position;
}

PreparedRequest PrepareRequest(const LoadOptions& options) {
  const RequestTemplate& request = options.request;
  PreparedRequest prepared;
  if (!request.body.empty()) {
    prepared.has_body = true;
    FillCustomBody(request.body, &prepared);
  } else if (request.method == "POST") {
    prepared = PrepareSeedPayload(request);
  }
  prepared.url = options.RequestUrl();
  prepared.method = request.method;
  prepared.headers = request.headers;
  if (prepared.has_body && !HasHeader(prepared.headers, "Content-Type")) {
    prepared.headers.push_back("Content-Type: application/json");
  }
  if (!request.jwt.empty() && !HasHeader(prepared.headers, "Authorization")) {
    prepared.headers.push_back("Authorization: Bearer " + request.jwt);
  }
  // libcurl would otherwise wait for "100 Continue" before sending larger bodies.
  if (!HasHeader(prepared.headers, "Expect")) prepared.headers.push_back("Expect:");
  return prepared;
}

}  // namespace slogate::load
