// HTTP/1.1 requests and responses as plain data, shared by the parser, the server and the
// gateway's handlers.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slogate::refgw::http {

class BodyStream;  // http_server.h

struct Header {
  std::string name;  // as received; compare with FindHeader (case-insensitive)
  std::string value;
};

struct Request {
  std::string method;
  std::string target;     // path plus query, as received
  std::string path;       // percent-decoding is left to the handlers that need it
  std::string query;      // after '?', without it
  int version_minor = 1;  // HTTP/1.<version_minor>
  std::vector<Header> headers;
  std::string body;
  bool keep_alive = true;

  // The first header named `name` (ASCII case-insensitive), or nullptr.
  const std::string* FindHeader(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::vector<Header> headers;
  std::string body;
  bool close_connection = false;  // send "Connection: close" and close after writing
  // When set, the body is this stream's pieces (chunked), and `body` is ignored.
  std::shared_ptr<BodyStream> body_stream;
};

// A JSON response: the body is sent as-is with Content-Type application/json.
Response JsonResponse(int status, std::string body);

// The standard reason phrase of `status` ("Unprocessable Entity"), "Unknown" if none.
std::string_view ReasonPhrase(int status);

// The wire form of `response` (status line, headers, body). `extra_headers` are appended
// after the response's own; `keep_alive` false adds "Connection: close".
std::string SerializeResponse(const Response& response, const std::vector<Header>& extra_headers,
                              bool keep_alive);

// The head of a streamed response (status line and headers, no Content-Length): with
// `chunked` it announces "Transfer-Encoding: chunked", else the body ends when the connection
// closes (HTTP/1.0), which needs `keep_alive` false.
std::string SerializeStreamHead(const Response& response, const std::vector<Header>& extra_headers,
                                bool keep_alive, bool chunked);

// Appends `piece` to `out` as one chunk of a chunked body ("<hex size>\r\n<piece>\r\n");
// nothing for an empty piece, whose chunk would end the body.
void AppendChunk(std::string& out, std::string_view piece);
// The chunk that ends a chunked body.
inline constexpr std::string_view kLastChunk = "0\r\n\r\n";

// The percent-decoded value of the first `name` parameter in a query string ("a=1&b=x%20y"),
// with '+' read as a space; nullopt when absent. Pure.
std::optional<std::string> QueryParam(std::string_view query, std::string_view name);

// A path segment with its %XX escapes decoded ('+' stays '+'). Pure.
std::string DecodePathSegment(std::string_view segment);

// ASCII case-insensitive equality, for header names and tokens.
bool EqualsNoCase(std::string_view a, std::string_view b);

}  // namespace slogate::refgw::http
