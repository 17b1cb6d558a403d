#include "slogate/curl/global_init.h"

#include <curl/curl.h>

#include <string>

namespace slogate::curl {

Status EnsureGlobalInit() {
  // A function-local static is initialised exactly once even with concurrent callers.
  static const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (code == CURLE_OK) return Status::Ok();
  return MakeError("curl_init", std::string("libcurl could not initialise: ") +
                                    curl_easy_strerror(code) +
                                    "; check that libcurl and its TLS library are installed");
}

}  // namespace slogate::curl
