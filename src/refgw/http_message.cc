#include "http_message.h"

#include <charconv>

namespace slogate::refgw::http {

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

const std::string* Request::FindHeader(std::string_view name) const {
  for (const Header& header : headers) {
    if (EqualsNoCase(header.name, name)) return &header.value;
  }
  return nullptr;
}

Response JsonResponse(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 411:
      return "Length Required";
    case 413:
      return "Content Too Large";
    case 422:
      return "Unprocessable Entity";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 502:
      return "Bad Gateway";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

namespace {

void AppendNumber(std::string& out, size_t value) {
  char digits[24];
  auto [end, error] = std::to_chars(digits, digits + sizeof(digits), value);
  out.append(digits, end);
}

void AppendHeader(std::string& out, std::string_view name, std::string_view value) {
  out.append(name).append(": ").append(value).append("\r\n");
}

void AppendStatusLineAndType(std::string& out, const Response& response) {
  out.append("HTTP/1.1 ");
  AppendNumber(out, static_cast<size_t>(response.status));
  out.push_back(' ');
  out.append(ReasonPhrase(response.status)).append("\r\n");
  if (!response.content_type.empty()) AppendHeader(out, "Content-Type", response.content_type);
}

// The response's own headers, the server's extra ones, and the final blank line.
void AppendHeadersAndEnd(std::string& out, const Response& response,
                         const std::vector<Header>& extra_headers, bool keep_alive) {
  for (const Header& header : response.headers) AppendHeader(out, header.name, header.value);
  for (const Header& header : extra_headers) AppendHeader(out, header.name, header.value);
  if (!keep_alive || response.close_connection) AppendHeader(out, "Connection", "close");
  out.append("\r\n");
}

}  // namespace

std::string SerializeResponse(const Response& response, const std::vector<Header>& extra_headers,
                              bool keep_alive) {
  std::string out;
  out.reserve(256 + response.body.size());
  AppendStatusLineAndType(out, response);
  out.append("Content-Length: ");
  AppendNumber(out, response.body.size());
  out.append("\r\n");
  AppendHeadersAndEnd(out, response, extra_headers, keep_alive);
  out.append(response.body);
  return out;
}

std::string SerializeStreamHead(const Response& response, const std::vector<Header>& extra_headers,
                                bool keep_alive, bool chunked) {
  std::string out;
  out.reserve(256);
  AppendStatusLineAndType(out, response);
  if (chunked) AppendHeader(out, "Transfer-Encoding", "chunked");
  AppendHeadersAndEnd(out, response, extra_headers, keep_alive);
  return out;
}

void AppendChunk(std::string& out, std::string_view piece) {
  if (piece.empty()) return;
  char digits[20];
  auto [end, error] = std::to_chars(digits, digits + sizeof(digits), piece.size(), 16);
  out.append(digits, end).append("\r\n").append(piece).append("\r\n");
}

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// '+' means a space in a query string, but is itself in a path.
std::string PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (plus_is_space && text[i] == '+') {
      out.push_back(' ');
    } else if (text[i] == '%' && i + 2 < text.size() && HexDigit(text[i + 1]) >= 0 &&
               HexDigit(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexDigit(text[i + 1]) * 16 + HexDigit(text[i + 2])));
      i += 2;
    } else {
      out.push_back(text[i]);
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> QueryParam(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t equals = pair.find('=');
    if (PercentDecode(pair.substr(0, equals), true) == name) {
      return equals == std::string_view::npos ? std::string()
                                              : PercentDecode(pair.substr(equals + 1), true);
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

std::string DecodePathSegment(std::string_view segment) { return PercentDecode(segment, false); }

}  // namespace slogate::refgw::http
