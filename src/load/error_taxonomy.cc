#include "error_taxonomy.h"

namespace slogate::load {

ErrorCategory CategoryOfCurlCode(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return ErrorCategory::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return ErrorCategory::kTimeout;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CLIENTCERT:
      return ErrorCategory::kTls;
    case CURLE_SEND_ERROR:
      return ErrorCategory::kWrite;
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_BAD_CONTENT_ENCODING:
    // With a URL checked before the run, these only come from the response: libcurl 7.88
    // reports a reply that is not HTTP/1.x as HTTP/0.9, which is refused, and a header line
    // over 100 KiB as out of memory. Both are the target's malformed answer, as the HTTP/1.1
    // transport's framer says (read), not the generator's trouble.
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_OUT_OF_MEMORY:
      return ErrorCategory::kRead;
    default:
      return ErrorCategory::kOther;
  }
}

OkStatuses::OkStatuses(const std::set<int>& statuses) {
  for (int status : statuses) {
    if (status >= 0 && static_cast<size_t>(status) < kMaxStatus) {
      bits_.set(static_cast<size_t>(status));
    }
  }
}

std::optional<ErrorCategory> OkStatuses::Classify(long status) const {
  if (Contains(status)) return std::nullopt;
  if (status == 429) return ErrorCategory::kStatus429;
  if (status >= 400 && status < 500) return ErrorCategory::kStatus4xx;
  if (status >= 500 && status < 600) return ErrorCategory::kStatus5xx;
  return ErrorCategory::kStatusOther;
}

}  // namespace slogate::load
