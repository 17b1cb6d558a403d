// ResponseFramer: finds where one HTTP/1.1 response ends in the bytes a connection delivers,
// and keeps what the engine records of it — the status, whether the connection may carry the
// next request, and the first kKeptResponseBytes of the body (de-chunked).
//
// Written here rather than taken from a package: Debian's libhttp-parser (Node's old parser,
// wrk's) is no longer maintained upstream, and llhttp, its successor, is not packaged for
// Debian 12. The engine needs far less than either: one response at a time, no request side, no
// header values kept but three. It streams: header lines are looked at as they arrive and only
// the line in progress is held (under kMaxHeaderLineBytes, as libcurl's own limit), so a
// response's memory is bounded whatever the target sends; a target that never ends its headers
// or body is ended by the request timeout.
//
// Framing follows RFC 9112 section 6 as libcurl 7.88 (Debian 12's) applies it, so that both
// transports agree on every response (tests/integration/hostile/transport_differential_test.cc
// compares them, and lists where they still differ, each a response no real server sends):
//  - the status line is "HTTP/1.0" or "HTTP/1.1", a space, three digits, then a blank or the
//    end; 1xx responses before the final one are skipped (101 without an upgrade is final, its
//    body read until the connection closes);
//  - a header line must have a colon and no NUL byte; a line with its end is shorter than
//    kMaxHeaderLineBytes, the status line and headers at most 300 KiB together (1xx ones
//    included; where a line passes both limits, the one its bytes reach first is named);
//  - no body for a HEAD request, 204 and 304;
//  - Transfer-Encoding with "chunked": chunked (a Content-Length beside it is ignored, and the
//    connection is not reused, stricter than libcurl, which reuses it: both framings at once
//    is a smuggling attempt's signature, even on a response without a body); "identity"
//    changes nothing; any other coding is not decoded,
//    so the response is malformed; what follows a chunk size's hex digits is passed over;
//  - else Content-Length (a list of one value repeated is that value; different values are
//    malformed, where libcurl takes the last);
//  - else the body runs until the connection closes;
//  - lines may end in CRLF or a bare LF; header names are case-insensitive;
//  - the connection is reused unless the response says "Connection: close", is HTTP/1.0
//    without "Connection: keep-alive", or its body ran until the close; an interim response
//    that says the same (close, or HTTP/1.0 without keep-alive) holds for the final one too, as
//    libcurl's one close flag per connection does (a final HTTP/1.0 keep-alive does not
//    undo it here, where it does for libcurl).
// Not thread-safe; one per connection, reused for every response on it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace slogate::load {

// Response body bytes kept per request: enough for the gateway's {"session_id", "event_id"}
// and error details; a longer body is read to its end but not kept.
inline constexpr size_t kKeptResponseBytes = 16 * 1024;
// A status, header or chunk-size line, its end included, must be shorter than this (libcurl's
// CURL_MAX_HTTP_HEADER buffer, which also holds a NUL); a longer one makes the response
// malformed.
inline constexpr size_t kMaxHeaderLineBytes = 100 * 1024;

class ResponseFramer {
 public:
  enum class State {
    kIncomplete,  // more bytes are needed
    kComplete,    // one whole response was framed
    kMalformed,   // not a valid HTTP/1.x response (failure() says why)
  };

  // Prepares for the response to the next request; `head_request` when it was a HEAD (then
  // the response has no body whatever its headers say). Keeps buffer capacity.
  void Begin(bool head_request);
  // Consumes bytes of the response and returns how many it used: all of `bytes` while the
  // response is incomplete, fewer once it completes (the rest came after the response) or is
  // found malformed.
  size_t Feed(std::string_view bytes);
  // The connection was closed by the peer: completes a body that runs until the close, and
  // makes any other unfinished response malformed ("closed before the response ended").
  void Close();

  State state() const { return state_; }
  // What was wrong, for kMalformed; empty otherwise.
  std::string_view failure() const { return failure_; }
  // Whether any byte of the response has arrived (a connection closed before that is an
  // empty reply, which a client may retry on a fresh connection).
  bool received_any() const { return received_any_; }
  // The final response's status (0 until its status line has been read).
  int status() const { return status_; }
  // For a complete response: whether the connection may carry the next request.
  bool keeps_connection() const { return keep_alive_; }
  // The body, de-chunked, at most kKeptResponseBytes of it.
  std::string_view body() const { return body_; }

 private:
  enum class Phase {
    kStatusLine,
    kHeaders,
    kBodyLength,
    kChunkSize,
    kChunkData,
    kChunkEnd,
    kTrailers,
    kBodyUntilClose,
    kDone
  };

  // Appends to the line in progress up to and including its LF; returns the bytes used, and
  // sets `line_complete` when the line ended. Makes the response malformed past the limit.
  size_t TakeLine(std::string_view bytes, bool& line_complete);
  void OnStatusLine(std::string_view line);
  void OnHeaderLine(std::string_view line);
  void OnContentLength(std::string_view text);
  void OnHeadersEnd();
  void OnChunkSizeLine(std::string_view line);
  size_t TakeBody(std::string_view bytes, uint64_t& remaining);
  void Keep(std::string_view body_bytes);
  void Fail(std::string_view why);
  void Finish();

  State state_ = State::kIncomplete;
  Phase phase_ = Phase::kStatusLine;
  std::string failure_;
  std::string line_;  // the line in progress, its LF included once complete
  std::string body_;
  bool head_request_ = false;
  bool received_any_ = false;
  int status_ = 0;
  int minor_version_ = 1;
  bool keep_alive_ = true;
  bool connection_close_ = false;
  bool connection_keep_alive_ = false;
  bool chunked_ = false;
  bool has_length_ = false;
  size_t head_bytes_ = 0;   // of the status lines and headers so far
  uint64_t length_ = 0;     // Content-Length
  uint64_t remaining_ = 0;  // body or chunk bytes still to come
};

}  // namespace slogate::load
