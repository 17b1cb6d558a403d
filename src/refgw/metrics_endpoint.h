// The handler of a metrics port: any GET path answers the exposition (the upstream serves its
// metrics on any path of a dedicated port), or 503 while the metrics-down fault is on.
#pragma once

#include <functional>
#include <string>

#include "http_server.h"

namespace slogate::refgw {

inline constexpr const char* kTextFormatContentType = "text/plain; version=0.0.4; charset=utf-8";

// `exposition` produces the text; `down` tells whether the metrics-down fault is on. Both are
// called on the metrics server's loop thread.
http::Handler MetricsHandler(std::function<std::string()> exposition, std::function<bool()> down);

}  // namespace slogate::refgw
