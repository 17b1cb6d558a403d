// LoadOptions: everything one open-loop run needs, as plain validated data.
//
// Filled by the CLI (ParseRunArguments) or by the conformance fixture; defaults are the
// upstream harness's. Validate() once before RunLoad.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/common/result.h"
#include "slogate/load/schedule.h"

namespace slogate::load {

// kHttp2: h2 over TLS (ALPN); on http:// h2c with prior knowledge, which needs libcurl >= 8.0.
enum class HttpVersion { kHttp11, kHttp2 };

// How requests go out (docs/load.md, "Transports"). kHttp1: libcurl connects (TCP, TLS) and
// the engine writes each HTTP/1.1 request and frames its response, about a third of libcurl's
// CPU per request. kCurl: a libcurl transfer per request (HTTP/1.1 or HTTP/2). kAuto: kHttp1
// for HTTP/1.1, kCurl for HTTP/2. (Credentials in the target URL, which libcurl would send as
// Basic authentication, are refused before a run: limits::CheckHttpUrl.)
enum class TransportChoice { kAuto, kHttp1, kCurl };
std::string_view TransportName(TransportChoice choice);  // "auto", "http1", "curl"
// "auto", "http1" or "curl"; an error naming the accepted values otherwise.
Result<TransportChoice> ParseTransportChoice(std::string_view text);

struct TlsOptions {
  std::string ca_file;    // PEM bundle to verify the server; empty = system default
  std::string cert_file;  // client certificate (PEM)
  std::string key_file;   // client key (PEM)
  bool insecure = false;  // skip server certificate and host name verification
};

// What each request looks like. An empty `body` with method POST sends the seed payload:
// {"session_id": <fresh uuid4>, "persona_id", "message", "attachments": [], "metadata":
// {"tenant"}} with persona_id and metadata left out when unset, like the upstream harness.
// A custom body may contain kUuidPlaceholder, replaced by a fresh uuid4 in every request.
struct RequestTemplate {
  std::string method = "POST";
  std::string path = "/v1/session/message";
  std::string body;  // empty: the seed payload for POST, no body otherwise
  std::string message = "ping";
  std::string persona_id;            // empty: left out
  std::string tenant;                // empty: no metadata
  std::string jwt;                   // empty: no Authorization header. Never printed.
  std::vector<std::string> headers;  // extra "Name: value" lines
};

inline constexpr std::string_view kUuidPlaceholder = "{{uuid}}";

// Bounds that keep a run's memory the generator's, not the configuration's (docs/load.md,
// "Memory bounds"). Each is far past what a gateway test needs.
//
// The in-flight cap is limits::kMaxConcurrency; slots are created only when that many requests
// are in flight at once, and RunLoad checks the descriptor limit (RLIMIT_NOFILE) when it starts.
//
// A request body: a gateway refuses far smaller ones (the reference gateway's limit is 1 MiB).
// One copy is kept whatever the concurrency.
inline constexpr size_t kMaxBodyBytes = size_t{64} << 20;
// {{uuid}} placeholders in a custom body: each in-flight request keeps 36 bytes per placeholder.
inline constexpr size_t kMaxUuidPlaceholders = 4096;

// The longest spin before an arrival (LoadOptions::spin): a wake-up is late by tens of µs, by
// a millisecond or two on a busy machine; beyond that a spin only burns the core.
inline constexpr std::chrono::nanoseconds kMaxSpin = std::chrono::milliseconds(10);

// How far ahead a start time may be: a wait the run sits through before sending.
inline constexpr std::chrono::nanoseconds kMaxStartWait = std::chrono::hours(1);

struct LoadOptions {
  std::string target_url = "http://127.0.0.1:8010";  // scheme://host[:port], no path
  RequestTemplate request;
  ScheduleSpec schedule;
  int concurrency = 20;  // in-flight cap over all threads
  int threads = 0;       // 0: as many as the rate needs, at most the machine's cores
  std::chrono::nanoseconds request_timeout = std::chrono::seconds(10);
  // An arrival that waited longer than this for a free slot is dropped (and counted).
  std::chrono::nanoseconds max_queue_wait = std::chrono::seconds(10);
  // After sending stops, in-flight requests get this long to finish; the rest are abandoned.
  std::chrono::nanoseconds drain_timeout = std::chrono::seconds(10);
  HttpVersion http_version = HttpVersion::kHttp11;
  TransportChoice transport = TransportChoice::kAuto;
  // Before each due arrival, each sending thread polls for this long instead of sleeping
  // (0..kMaxSpin; 0 = off). A sleeping thread wakes some tens of µs after its time, and at
  // light load that is most of the latency measured from the intended time; spinning sends on
  // time for up to one core per thread.
  std::chrono::nanoseconds spin{0};
  TlsOptions tls;
  std::set<int> ok_statuses{200};
  bool capture_event_ids = true;
  // OK responses whose corrected latency is at or above this are counted per second
  // (WindowSummary::ok_slow) and live (Progress::ok_slow): the latency SLO's threshold, so its
  // bound can allow for correlation in time and its windows can be judged. Zero: not counted.
  std::chrono::nanoseconds latency_mark{0};
  ShardSpec shard;
  // When sending starts, on the wall clock: every shard of one run is given the same one, so
  // that their arrivals interleave as one generator's would. Empty: as soon as the run is set
  // up. RunLoad refuses a time already past (every arrival would be late from the first) or
  // more than kMaxStartWait ahead; a stop request ends the wait.
  std::optional<std::chrono::system_clock::time_point> start_at;

  // Checks every field; errors name the field and what is accepted.
  Status Validate() const;
  // target_url + request.path.
  std::string RequestUrl() const;
};

// The transport a run with `options` uses: kHttp1 or kCurl, never kAuto.
TransportChoice ResolvedTransport(const LoadOptions& options);

// Makes `options` — one whole run's — the options of its share `shard`, sent from `start_at`:
// the share's part of the in-flight cap (the shares' caps add up to the run's, as a merge adds
// them; the first `concurrency % count` shares take one more), so that N shares hold back a
// target as one generator would. Errors when the cap is smaller than the share count.
Status TakeShare(LoadOptions& options, const ShardSpec& shard,
                 std::optional<std::chrono::system_clock::time_point> start_at);

}  // namespace slogate::load
