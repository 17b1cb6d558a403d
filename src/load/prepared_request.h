// The parts of a request that are the same for every send, built once per run so the hot path
// only writes fresh UUIDs into a copy of the body.
#pragma once

#include <string>
#include <vector>

#include "slogate/load/load_options.h"

namespace slogate::load {

struct PreparedRequest {
  std::string url;
  std::string method;
  std::vector<std::string> headers;  // "Name: value" lines, Authorization included
  bool has_body = false;
  std::string body;                  // UUID slots hold a 36-character stand-in
  std::vector<size_t> uuid_offsets;  // where each fresh UUID goes in `body`
};

// The seed payload, with session_id at uuid_offsets[0]:
// {"session_id", "persona_id"?, "message", "attachments": [], "metadata": {"tenant"}?}.
PreparedRequest PrepareSeedPayload(const RequestTemplate& request);

// Builds the request from validated options (LoadOptions::Validate).
PreparedRequest PrepareRequest(const LoadOptions& options);

}  // namespace slogate::load
