// libcurl's process-wide initialisation, done once for every component that uses libcurl (the
// load engine, scrape's fetches, the Pushgateway client). curl_global_init is not thread-safe
// and must run before any other libcurl call, so each of them calls this first.
#pragma once

#include "slogate/common/result.h"

namespace slogate::curl {

// Runs curl_global_init(CURL_GLOBAL_DEFAULT) on the first call; later calls return the first
// call's outcome. Thread-safe. Error code "curl_init" when libcurl could not initialise.
Status EnsureGlobalInit();

}  // namespace slogate::curl
