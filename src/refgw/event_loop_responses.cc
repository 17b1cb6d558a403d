// EventLoop's response side: serializing answers and streamed bodies into a connection's
// output buffer, and pulling the next piece of a stream when the buffer runs low.
#include "event_loop.h"
#include "event_loop_connection.h"
#include "http_message.h"
#include "slogate/common/log.h"

namespace slogate::refgw::http {

void EventLoop::QueueResponse(Connection& connection, const Response& response) {
  if (response.body_stream != nullptr) return QueueStreamHead(connection, response);
  bool keep_alive = connection.keep_alive && !response.close_connection;
  connection.out.append(SerializeResponse(response, options_.response_headers, keep_alive));
  // HEAD: same headers (Content-Length included), no body.
  if (connection.head_request) connection.out.resize(connection.out.size() - response.body.size());
  if (!keep_alive) connection.close_after_write = true;
}

void EventLoop::QueueStreamHead(Connection& connection, const Response& response) {
  // HTTP/1.0 has no chunked encoding: there the body ends where the connection does.
  const bool chunked = !connection.http10;
  const bool keep_alive = connection.keep_alive && !response.close_connection && chunked;
  connection.out.append(
      SerializeStreamHead(response, options_.response_headers, keep_alive, chunked));
  if (!keep_alive) connection.close_after_write = true;
  if (connection.head_request) return;  // HEAD: the head only; the stream is never pulled
  connection.stream = response.body_stream;
  connection.stream_chunked = chunked;
  connection.stream_pulling = false;
}

void EventLoop::QueuePiece(Connection& connection, detail::StreamPiece piece) {
  if (connection.stream == nullptr) return;
  connection.stream_pulling = false;
  if (piece.end == detail::StreamPiece::End::kAbort) {
    log::Warn(options_.name + " server: a streamed response was cut short");
    connection.close_after_write = true;
  } else if (connection.stream_chunked) {
    AppendChunk(connection.out, piece.bytes);
    if (piece.end == detail::StreamPiece::End::kLast) connection.out.append(kLastChunk);
  } else {
    connection.out.append(piece.bytes);
  }
  if (piece.end == detail::StreamPiece::End::kMore) return;
  connection.stream.reset();
  connection.awaiting_response = false;
}

void EventLoop::PullIfReady(Connection& connection) {
  if (connection.stream == nullptr || connection.stream_pulling) return;
  if (connection.out.size() - connection.out_offset >= kStreamLowWater) return;
  connection.stream_pulling = true;
  // Keeps the stream alive through Pull even if the connection drops it meanwhile.
  std::shared_ptr<BodyStream> stream = connection.stream;
  stream->Pull(PieceSink(mailbox_, connection.id));
}

}  // namespace slogate::refgw::http
