// The parts of a request that are the same for every send, built once per run and shared,
// read-only, by every in-flight slot of every sending thread.
//
// A body up to kCopiedBodyBytes is copied into each slot that is in flight and its fresh UUIDs
// are written in place, so libcurl sends it from one buffer together with the headers. A larger
// body is never copied: each slot streams it from this one template (CopyBodyPart) with its own
// UUIDs spliced in, so memory is one body whatever the concurrency.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/load/load_options.h"

namespace slogate::load {

struct PreparedRequest {
  std::string url;
  std::string method;
  std::vector<std::string> headers;  // "Name: value" lines, Authorization included
  bool has_body = false;
  std::string body;                  // UUID slots hold a 36-character stand-in
  std::vector<size_t> uuid_offsets;  // where each fresh UUID goes in `body`, ascending
};

// Bodies up to this size are copied per in-flight slot (at most this much per slot), so libcurl
// sends headers and body from one buffer; larger ones are streamed from the shared template.
// The seed payload is ~150 bytes; 4 KiB is at most 400 MiB of copies at the concurrency cap of
// 100,000, and then only while that many requests are in flight.
inline constexpr size_t kCopiedBodyBytes = 4 * 1024;

// Whether `request`'s body is streamed from the shared template rather than copied per slot.
inline bool StreamsBody(const PreparedRequest& request) {
  return request.body.size() > kCopiedBodyBytes;
}

// Copies body bytes [position, position + out.size()) of `request` into `out`, each UUID slot
// holding its 36 characters of `fresh_ids` (one UUID per uuid_offsets entry, in order) instead
// of the stand-in. Returns how many bytes were copied (fewer only at the end of the body).
size_t CopyBodyPart(const PreparedRequest& request, std::string_view fresh_ids, size_t position,
                    std::span<char> out);

// The seed payload, with session_id at uuid_offsets[0]:
// {"session_id", "persona_id"?, "message", "attachments": [], "metadata": {"tenant"}?}.
PreparedRequest PrepareSeedPayload(const RequestTemplate& request);

// Whether `headers` ("Name: value" lines) has one named `name`, in any case.
bool HasHeader(const std::vector<std::string>& headers, std::string_view name);

// Builds the request from validated options (LoadOptions::Validate).
PreparedRequest PrepareRequest(const LoadOptions& options);

}  // namespace slogate::load
