// EventLoop's per-connection state, shared by the files that implement EventLoop (the loop
// and input side in event_loop.cc, the response side in event_loop_responses.cc).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "event_loop.h"

namespace slogate::refgw::http {

// `{"detail":"<message>"}`, the body of the server's own error answers.
std::string ErrorBody(const std::string& message);

struct EventLoop::Connection {
  int fd = -1;
  uint64_t id = 0;
  std::string in;
  size_t in_offset = 0;     // start of the unparsed input
  size_t bytes_needed = 0;  // total bytes the pending request needs, when known
  std::string out;
  size_t out_offset = 0;
  bool awaiting_response = false;  // a request was handed to the handler
  bool keep_alive = true;          // of the request being answered
  bool head_request = false;       // answer with headers only
  bool close_after_write = false;
  bool peer_closed = false;  // read EOF: no more input will come
  bool sent_continue = false;
  bool http10 = false;                 // of the request being answered: no chunked encoding
  std::shared_ptr<BodyStream> stream;  // the body being streamed, if any
  bool stream_chunked = false;
  bool stream_pulling = false;  // a piece was asked for and has not arrived yet
  uint32_t interest = 0;
  std::chrono::steady_clock::time_point last_activity;
  // Which part of a request the connection waits for, and until when (ServerOptions'
  // header_timeout and body_timeout); kNone between requests, where the idle timeout applies.
  enum class Awaiting { kNone, kHead, kBody };
  Awaiting awaiting_input = Awaiting::kHead;
  std::chrono::steady_clock::time_point input_deadline;
  bool linger_on_close = false;  // closing after an answer that left the input unread
  bool lingering = false;        // write side shut; input is read and discarded until closed
  size_t lingered_bytes = 0;
  std::chrono::steady_clock::time_point linger_deadline;
};

}  // namespace slogate::refgw::http
