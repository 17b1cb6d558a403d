// The HTTP/1.1 request the fast transport writes: request line and headers rendered once per
// run from the PreparedRequest, as libcurl would send them (Host, Accept: */*, the prepared
// headers, Content-Length for a body), so a target sees the same request from both transports.
#pragma once

#include <string>

#include "prepared_request.h"
#include "slogate/common/result.h"

namespace slogate::load {

// "<METHOD> <path> HTTP/1.1\r\n...\r\n\r\n": everything before the body. Follows libcurl's
// rules for the prepared headers: one whose value is empty ("Expect:") is not sent, and a
// prepared Host or Accept replaces the default one; Content-Length is always the body's own.
Result<std::string> RenderHttp1Head(const PreparedRequest& request);

}  // namespace slogate::load
