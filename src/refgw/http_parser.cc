#include "http_parser.h"

#include <charconv>
#include <cstdint>

namespace slogate::refgw::http {
namespace {

constexpr std::string_view kCrlf = "\r\n";

// RFC 9110 token characters (method and header names).
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

bool IsToken(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

// Visible ASCII, space, tab and obs-text are allowed in values; other controls are not.
bool IsFieldValue(std::string_view text) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\t') return false;
    if (byte == 0x7f) return false;
  }
  return true;
}

std::string_view TrimOws(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// True when the comma-separated header value lists `token` (case-insensitive).
bool ListHasToken(std::string_view list, std::string_view token) {
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = TrimOws(list.substr(0, comma));
    if (EqualsNoCase(item, token)) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

ParseOutcome Fail(int status, std::string message) {
  ParseOutcome outcome;
  outcome.status = ParseStatus::kError;
  outcome.error_status = status;
  outcome.error_message = std::move(message);
  return outcome;
}

// Parses "METHOD SP target SP HTTP/1.x"; returns 0 on success or the error status.
int ParseRequestLine(std::string_view line, Request* request, std::string* message) {
  size_t first_space = line.find(' ');
  size_t second_space = line.find(' ', first_space == std::string_view::npos ? 0 : first_space + 1);
  if (first_space == std::string_view::npos || second_space == std::string_view::npos ||
      line.find(' ', second_space + 1) != std::string_view::npos) {
    *message = "malformed request line: expected 'METHOD /path HTTP/1.1'";
    return 400;
  }
  std::string_view method = line.substr(0, first_space);
  std::string_view target = line.substr(first_space + 1, second_space - first_space - 1);
  std::string_view version = line.substr(second_space + 1);
  if (!IsToken(method)) {
    *message = "malformed request line: invalid method";
    return 400;
  }
  if (target.empty() || target.front() != '/' || !IsFieldValue(target) ||
      target.find_first_of(" \t") != std::string_view::npos) {
    *message = "malformed request line: the target must be an absolute path";
    return 400;
  }
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' ||
      version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9') {
    *message = "malformed request line: invalid HTTP version";
    return 400;
  }
  if (version[5] != '1') {
    *message = "only HTTP/1.0 and HTTP/1.1 are supported";
    return 505;
  }
  request->method = std::string(method);
  request->target = std::string(target);
  size_t question = target.find('?');
  request->path = std::string(target.substr(0, question));
  request->query =
      question == std::string_view::npos ? "" : std::string(target.substr(question + 1));
  request->version_minor = version[7] - '0';
  return 0;
}

// Parses the header block (without the final empty line); returns 0 or the error status.
int ParseHeaders(std::string_view block, Request* request, std::string* message) {
  while (!block.empty()) {
    size_t end = block.find(kCrlf);
    std::string_view line = block.substr(0, end);
    block.remove_prefix(end == std::string_view::npos ? block.size() : end + 2);
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || !IsToken(line.substr(0, colon))) {
      *message = "malformed header line: expected 'Name: value'";
      return 400;
    }
    std::string_view value = TrimOws(line.substr(colon + 1));
    if (!IsFieldValue(value)) {
      *message = "malformed header value: control characters are not allowed";
      return 400;
    }
    request->headers.push_back(Header{std::string(line.substr(0, colon)), std::string(value)});
  }
  return 0;
}

// The declared body length: 0 without Content-Length; -1 when invalid or conflicting.
int64_t ContentLength(const Request& request) {
  int64_t length = 0;
  bool seen = false;
  for (const Header& header : request.headers) {
    if (!EqualsNoCase(header.name, "content-length")) continue;
    uint64_t value = 0;
    const char* begin = header.value.data();
    const char* end = begin + header.value.size();
    auto [ptr, error] = std::from_chars(begin, end, value);
    if (error != std::errc() || ptr != end || header.value.empty() || value > (1ULL << 40))
      return -1;
    if (seen && static_cast<int64_t>(value) != length) return -1;
    length = static_cast<int64_t>(value);
    seen = true;
  }
  return length;
}

bool KeepAlive(const Request& request) {
  const std::string* connection = request.FindHeader("connection");
  if (request.version_minor == 0)
    return connection != nullptr && ListHasToken(*connection, "keep-alive");
  return connection == nullptr || !ListHasToken(*connection, "close");
}

}  // namespace

ParseOutcome ParseRequest(std::string_view buffer, const ParseLimits& limits, Request* request) {
  // RFC 9112 2.2: a server SHOULD ignore empty lines received before the request line.
  size_t start = 0;
  while (buffer.substr(start, 2) == kCrlf) start += 2;
  size_t header_end = buffer.find("\r\n\r\n", start);
  if (header_end == std::string_view::npos) {
    // Headers of exactly the limit may still be waiting for the rest of their "\r\n\r\n":
    // only once that could no longer fit are they too long, however the bytes were split.
    if (buffer.size() - start >= limits.max_header_bytes + 4) {
      return Fail(431, "request line and headers exceed " +
                           std::to_string(limits.max_header_bytes) + " bytes");
    }
    return ParseOutcome{};
  }
  if (header_end - start > limits.max_header_bytes) {
    return Fail(431, "request line and headers exceed " + std::to_string(limits.max_header_bytes) +
                         " bytes");
  }
  Request parsed;
  std::string message;
  std::string_view head = buffer.substr(start, header_end - start);
  size_t line_end = head.find(kCrlf);
  int status = ParseRequestLine(head.substr(0, line_end), &parsed, &message);
  if (status == 0 && line_end != std::string_view::npos) {
    status = ParseHeaders(head.substr(line_end + 2), &parsed, &message);
  }
  if (status != 0) return Fail(status, message);
  if (parsed.FindHeader("transfer-encoding") != nullptr) {
    return Fail(501, "Transfer-Encoding is not supported; send the body with a Content-Length");
  }
  int64_t length = ContentLength(parsed);
  if (length < 0) return Fail(400, "invalid or conflicting Content-Length header");
  if (static_cast<uint64_t>(length) > limits.max_body_bytes) {
    return Fail(413, "request body of " + std::to_string(length) + " bytes exceeds the limit of " +
                         std::to_string(limits.max_body_bytes) + " bytes");
  }
  size_t body_start = header_end + 4;
  size_t total = body_start + static_cast<size_t>(length);
  if (buffer.size() < total) {
    ParseOutcome outcome;
    outcome.bytes_needed = total;
    const std::string* expect = parsed.FindHeader("expect");
    outcome.expects_continue = expect != nullptr && EqualsNoCase(*expect, "100-continue");
    return outcome;
  }
  parsed.body = std::string(buffer.substr(body_start, static_cast<size_t>(length)));
  parsed.keep_alive = KeepAlive(parsed);
  *request = std::move(parsed);
  ParseOutcome outcome;
  outcome.status = ParseStatus::kComplete;
  outcome.consumed = total;
  return outcome;
}

}  // namespace slogate::refgw::http
