// Transport: how one sending thread's requests go out and their responses come back. The
// worker decides when each request is sent and records what came back; a transport owns the
// connections, the request bytes and the response framing.
//
// Two implement it (docs/load.md, "Transports"): CurlTransport, a libcurl transfer per request
// through the multi interface (HTTP/1.1 and HTTP/2), and Http1Transport, libcurl connects and
// owns each connection (CURLOPT_CONNECT_ONLY) while the engine writes a pre-rendered HTTP/1.1
// request and frames the response itself, at about a third of the CPU per request.
//
// Slots are numbered 0, 1, ... in the order the worker first needs them; each carries at most
// one request at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "error_taxonomy.h"
#include "prepared_request.h"
#include "slogate/common/result.h"
#include "slogate/load/load_options.h"
#include "uuid.h"

namespace slogate::load {

using Clock = std::chrono::steady_clock;

// One finished request.
struct Completion {
  size_t slot = 0;
  Clock::time_point done;
  // Set when the request failed below HTTP (connect, tls, write, read, timeout, other).
  std::optional<ErrorCategory> failure;
  std::string_view detail;  // why it failed, for the log
  long status = 0;          // the final response's status, when there was one
  std::string_view body;    // its first kKeptResponseBytes; valid until the slot is sent again
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Makes slot `slot` (the next number) ready to send; an error leaves it unusable.
  virtual Status AddSlot(size_t slot) = 0;
  // Starts `slot`'s request with fresh UUIDs from `uuids`.
  virtual void Send(size_t slot, UuidGenerator& uuids) = 0;
  // Runs what is due right after sends (libcurl starts new transfers from a timer).
  virtual void RunDue() = 0;
  // When Wait must return at the latest even without socket events.
  virtual Clock::time_point Deadline() const = 0;
  // Waits for socket events until `wakeup` at the latest and handles them and whatever fell due
  // (timeouts included), adding finished requests to `finished`.
  virtual void Wait(Clock::time_point wakeup, std::vector<Completion>& finished) = 0;
  // Ends `slot`'s request without a result (the drain timed out).
  virtual void Abandon(size_t slot) = 0;
  // Opens `slot`'s connection before its first request, so that the run's first arrivals find
  // connections open instead of each waiting for a connect (Worker::Preconnect). A failed one
  // is not reported: the slot's first request connects again and fails or succeeds itself.
  // False where connections are libcurl's to choose (the curl transport): nothing was opened.
  virtual bool Preconnect(size_t /*slot*/) { return false; }
  // Whether `slot`'s connect is still under way.
  virtual bool Connecting(size_t /*slot*/) const { return false; }
};

// The transport `options` ask for (LoadOptions::transport resolved: ResolvedTransport), for
// one sending thread with at most `max_slots` requests in flight.
Result<std::unique_ptr<Transport>> MakeTransport(const LoadOptions& options,
                                                 const PreparedRequest& request, size_t max_slots);

}  // namespace slogate::load
