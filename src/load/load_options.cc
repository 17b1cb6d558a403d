#include "slogate/load/load_options.h"

#include <unistd.h>

#include <string>

#include "slogate/common/load_limits.h"
#include "slogate/common/quote.h"

namespace slogate::load {
namespace {

bool HasLineBreak(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

Status CheckTargetUrl(const std::string& url) {
  const bool http = url.rfind("http://", 0) == 0;
  const bool https = url.rfind("https://", 0) == 0;
  if (!http && !https) {
    return MakeError("bad_target_url",
                     "target URL \"" + url + "\" must start with http:// or https://");
  }
  const size_t host = url.find("://") + 3;
  const size_t slash = url.find('/', host);
  if (host >= url.size() || slash == host) {
    return MakeError("bad_target_url", "target URL \"" + url + "\" has no host");
  }
  if (slash != std::string::npos && slash + 1 != url.size()) {
    return MakeError(
        "bad_target_url",
        "target URL \"" + url + "\" must not contain a path; put the request path in TARGET_PATH");
  }
  if (HasLineBreak(url) || url.find(' ') != std::string::npos) {
    return MakeError("bad_target_url", "target URL contains spaces or line breaks");
  }
  return Status::Ok();
}

Status CheckReadable(const std::string& file, std::string_view what) {
  if (file.empty() || access(file.c_str(), R_OK) == 0) return Status::Ok();
  return MakeError("unreadable_file",
                   std::string(what) + " \"" + file + "\" does not exist or is not readable");
}

std::string Mebibytes(size_t bytes) {
  return std::to_string((bytes + (size_t{1} << 20) - 1) >> 20) + " MiB";
}

size_t CountPlaceholders(std::string_view body) {
  size_t count = 0;
  for (size_t at = body.find(kUuidPlaceholder); at != std::string_view::npos;
       at = body.find(kUuidPlaceholder, at + kUuidPlaceholder.size())) {
    ++count;
  }
  return count;
}

Status CheckBodySize(const RequestTemplate& request) {
  // The message is sent only inside the seed payload, i.e. when there is no custom body.
  const size_t size = request.body.empty() ? request.message.size() : request.body.size();
  if (size > kMaxBodyBytes) {
    return MakeError("body_too_large",
                     std::string(request.body.empty() ? "the message" : "the request body") +
                         " is about " + Mebibytes(size) + "; at most " + Mebibytes(kMaxBodyBytes) +
                         " is sent (gateways refuse far less: the reference gateway's limit is "
                         "1 MiB); use a smaller body or message");
  }
  if (const size_t placeholders = CountPlaceholders(request.body);
      placeholders > kMaxUuidPlaceholders) {
    return MakeError("too_many_placeholders",
                     "the request body has " + std::to_string(placeholders) + " " +
                         std::string(kUuidPlaceholder) + " placeholders; at most " +
                         std::to_string(kMaxUuidPlaceholders) +
                         " are filled (each in-flight request keeps its own UUIDs)");
  }
  return Status::Ok();
}

Status CheckRequest(const RequestTemplate& request) {
  if (request.path.empty() || request.path.front() != '/' || HasLineBreak(request.path) ||
      request.path.find(' ') != std::string::npos) {
    return MakeError("bad_path", "request path \"" + request.path +
                                     "\" must start with '/' and contain no spaces");
  }
  if (request.method.empty() ||
      request.method.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos) {
    return MakeError("bad_method", "HTTP method \"" + request.method +
                                       "\" must be an uppercase word like GET or POST");
  }
  if (HasLineBreak(request.jwt) || request.jwt.find(' ') != std::string::npos) {
    // The token itself is a secret: say what is wrong without echoing it.
    return MakeError("bad_jwt", "the JWT contains spaces or line breaks");
  }
  if (Status status = CheckBodySize(request); !status) return status;
  for (const std::string& header : request.headers) {
    const size_t colon = header.find(':');
    if (colon == std::string::npos || colon == 0 || HasLineBreak(header) ||
        header.find_first_of(" \t") < colon) {
      return MakeError("bad_header",
                       "header \"" + header + "\" must look like \"Name: value\" on one line");
    }
  }
  return Status::Ok();
}

}  // namespace

Status LoadOptions::Validate() const {
  if (Status status = CheckTargetUrl(target_url); !status) return status;
  if (Status status = CheckRequest(request); !status) return status;
  if (concurrency < 1) return MakeError("bad_concurrency", "concurrency must be >= 1");
  if (concurrency > limits::kMaxConcurrency) {
    return MakeError(
        "bad_concurrency",
        "concurrency " + std::to_string(concurrency) + " is above the limit of " +
            std::to_string(limits::kMaxConcurrency) +
            " requests in flight per process (each holds a socket and libcurl's buffers); for "
            "more, run several `slogate run` shards at a share of the rate each and "
            "`slogate merge` them");
  }
  if (threads < 0) return MakeError("bad_threads", "threads must be >= 0 (0 = automatic)");
  if (request_timeout <= std::chrono::nanoseconds::zero()) {
    return MakeError("bad_timeout", "the request timeout must be > 0");
  }
  if (max_queue_wait < std::chrono::nanoseconds::zero()) {
    return MakeError("bad_queue_wait", "the maximum queue wait must be >= 0");
  }
  if (drain_timeout < std::chrono::nanoseconds::zero()) {
    return MakeError("bad_drain_timeout", "the drain timeout must be >= 0");
  }
  if (spin < std::chrono::nanoseconds::zero() || spin > kMaxSpin) {
    return MakeError("bad_spin", "the spin before an arrival must be >= 0 and <= " +
                                     units::FormatDuration(kMaxSpin) + " (0 = off)");
  }
  if (latency_mark < std::chrono::nanoseconds::zero()) {
    return MakeError("bad_latency_mark",
                     "the latency mark must be >= 0 (0 = slow responses are not counted)");
  }
  if (transport == TransportChoice::kHttp1 && http_version == HttpVersion::kHttp2) {
    return MakeError("bad_transport",
                     "--transport http1 speaks HTTP/1.1 only; HTTP/2 (--http 2) needs --transport "
                     "curl or auto");
  }
  if (ok_statuses.empty()) return MakeError("bad_ok_statuses", "the OK status set is empty");
  for (int status : ok_statuses) {
    if (status < 100 || status > 599) {
      return MakeError("bad_ok_statuses",
                       "OK status " + std::to_string(status) + " is not an HTTP status (100..599)");
    }
  }
  if (Status status = CheckReadable(tls.ca_file, "CA file"); !status) return status;
  if (Status status = CheckReadable(tls.cert_file, "client certificate"); !status) return status;
  if (Status status = CheckReadable(tls.key_file, "client key"); !status) return status;
  if (shard.count < 1 || shard.count > kMaxShards || shard.index < 0 ||
      shard.index >= shard.count) {
    return MakeError("bad_shard", "shard " + std::to_string(shard.index) + "/" +
                                      std::to_string(shard.count) +
                                      ": the count must be 1.." + std::to_string(kMaxShards) +
                                      " and the index 0..count-1");
  }
  if (auto created = Schedule::Create(schedule); !created) return created.error();
  return Status::Ok();
}

std::string_view TransportName(TransportChoice choice) {
  switch (choice) {
    case TransportChoice::kHttp1:
      return "http1";
    case TransportChoice::kCurl:
      return "curl";
    case TransportChoice::kAuto:
      break;
  }
  return "auto";
}

Result<TransportChoice> ParseTransportChoice(std::string_view text) {
  for (TransportChoice choice :
       {TransportChoice::kAuto, TransportChoice::kHttp1, TransportChoice::kCurl}) {
    if (text == TransportName(choice)) return choice;
  }
  return MakeError("bad_transport", QuoteForMessage(text) + " must be auto, http1 or curl");
}

TransportChoice ResolvedTransport(const LoadOptions& options) {
  if (options.transport != TransportChoice::kAuto) return options.transport;
  return options.http_version == HttpVersion::kHttp2 ? TransportChoice::kCurl
                                                     : TransportChoice::kHttp1;
}

std::string LoadOptions::RequestUrl() const {
  std::string url = target_url;
  if (!url.empty() && url.back() == '/') url.pop_back();
  return url + request.path;
}

Status TakeShare(LoadOptions& options, const ShardSpec& shard,
                 std::optional<std::chrono::system_clock::time_point> start_at) {
  options.shard = shard;
  options.start_at = start_at;
  if (shard.count <= 1) return Status::Ok();
  if (options.concurrency < shard.count) {
    return MakeError("bad_argument",
                     "an in-flight cap of " + std::to_string(options.concurrency) +
                         " cannot be split into " + std::to_string(shard.count) +
                         " shares (each needs at least 1): raise the profile's concurrency or "
                         "use fewer shares");
  }
  options.concurrency =
      options.concurrency / shard.count + (shard.index < options.concurrency % shard.count ? 1 : 0);
  return Status::Ok();
}

}  // namespace slogate::load
