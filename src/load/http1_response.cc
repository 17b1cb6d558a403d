#include "http1_response.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "ascii.h"

namespace slogate::load {
namespace {

// The status line and headers of a response, 1xx ones included, line ends included: the limit
// Debian's libcurl 7.88 applies (its backport of the CVE-2023-38039 fix).
constexpr size_t kMaxHeadBytes = 300 * 1024;
// 2^64 overflows past 16 hex digits and 19 decimal digits with room to check.
constexpr size_t kMaxHexDigits = 16;
constexpr size_t kMaxDecimalDigits = 19;
// Header lines are short; a buffer a target once made larger is given back rather than kept by
// every connection for the rest of the run.
constexpr size_t kKeptLineCapacity = 4 * 1024;

std::string_view WithoutLineEnd(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  return text;
}

// Calls `each` with every trimmed, non-empty element of a comma-separated header value.
template <typename Each>
void ForEachToken(std::string_view value, Each each) {
  while (!value.empty()) {
    const size_t comma = value.find(',');
    const std::string_view token = Trim(value.substr(0, comma));
    if (!token.empty()) each(token);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
}

int HexDigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  const char lower = AsciiLower(c);
  if (lower >= 'a' && lower <= 'f') return lower - 'a' + 10;
  return -1;
}

}  // namespace

void ResponseFramer::Begin(bool head_request) {
  state_ = State::kIncomplete;
  phase_ = Phase::kStatusLine;
  failure_.clear();
  if (line_.capacity() > kKeptLineCapacity) std::string().swap(line_);
  line_.clear();
  body_.clear();
  head_request_ = head_request;
  received_any_ = false;
  status_ = 0;
  minor_version_ = 1;
  keep_alive_ = true;
  connection_close_ = false;
  connection_keep_alive_ = false;
  chunked_ = false;
  has_length_ = false;
  head_bytes_ = 0;
  length_ = 0;
  remaining_ = 0;
}

size_t ResponseFramer::Feed(std::string_view bytes) {
  // Bytes after the response ended are not the response's: they change nothing.
  if (state_ != State::kIncomplete) return 0;
  if (!bytes.empty()) received_any_ = true;
  size_t used = 0;
  while (state_ == State::kIncomplete && used < bytes.size()) {
    const std::string_view rest = bytes.substr(used);
    switch (phase_) {
      case Phase::kBodyLength:
        used += TakeBody(rest, remaining_);
        if (remaining_ == 0) Finish();
        break;
      case Phase::kChunkData:
        used += TakeBody(rest, remaining_);
        if (remaining_ == 0) phase_ = Phase::kChunkEnd;
        break;
      case Phase::kBodyUntilClose:
        Keep(rest);
        used = bytes.size();
        break;
      case Phase::kDone:
        return used;
      default: {
        bool line_complete = false;
        used += TakeLine(rest, line_complete);
        if (!line_complete || state_ != State::kIncomplete) break;
        const std::string_view line = WithoutLineEnd(line_);
        switch (phase_) {
          case Phase::kStatusLine:
            OnStatusLine(line);
            break;
          case Phase::kHeaders:
            if (line.empty()) {
              OnHeadersEnd();
            } else {
              OnHeaderLine(line);
            }
            break;
          case Phase::kChunkSize:
            OnChunkSizeLine(line);
            break;
          case Phase::kChunkEnd:
            // libcurl passes over any number of CRs before the LF.
            if (line.find_first_not_of('\r') == std::string_view::npos) {
              phase_ = Phase::kChunkSize;
            } else {
              Fail("a chunk's data is longer than its size");
            }
            break;
          case Phase::kTrailers:
            if (line.empty()) Finish();
            break;
          default:
            break;
        }
        line_.clear();
      }
    }
  }
  return used;
}

void ResponseFramer::Close() {
  if (state_ != State::kIncomplete) return;
  if (phase_ == Phase::kBodyUntilClose) {
    Finish();
    return;
  }
  Fail(received_any_ ? "the connection closed before the response ended"
                     : "the connection closed without a response");
}

size_t ResponseFramer::TakeLine(std::string_view bytes, bool& line_complete) {
  const void* newline = std::memchr(bytes.data(), '\n', bytes.size());
  const size_t take =
      newline == nullptr
          ? bytes.size()
          : static_cast<size_t>(static_cast<const char*>(newline) - bytes.data()) + 1;
  // libcurl 7.88 holds a line with its end and a NUL in a buffer of kMaxHeaderLineBytes;
  // checked before appending, so the line held stays bounded. The limit the bytes reach
  // first is the one named (the line's when both are reached at the same byte): a line
  // crossing both fails the same way whether it arrives whole or in pieces.
  const bool in_head = phase_ == Phase::kStatusLine || phase_ == Phase::kHeaders;
  const size_t line_full_at = kMaxHeaderLineBytes - line_.size();
  const size_t head_full_at =
      in_head ? kMaxHeadBytes - head_bytes_ + 1 : std::numeric_limits<size_t>::max();
  if (take >= std::min(line_full_at, head_full_at)) {
    Fail(line_full_at <= head_full_at ? "a header line is longer than 100 KiB"
                                      : "the response's headers are longer than 300 KiB");
    return take;
  }
  if (in_head) head_bytes_ += take;
  line_.append(bytes.data(), take);
  line_complete = newline != nullptr;
  return take;
}

void ResponseFramer::OnStatusLine(std::string_view line) {
  // "HTTP/1.0 SSS[ reason]" or "HTTP/1.1 SSS[ reason]"
  constexpr std::string_view kPrefix = "HTTP/1.";
  if (line.size() < kPrefix.size() + 5 || line.substr(0, kPrefix.size()) != kPrefix ||
      line[kPrefix.size()] < '0' || line[kPrefix.size()] > '1' || line[kPrefix.size() + 1] != ' ' ||
      line.find('\0') != std::string_view::npos) {
    Fail("the status line is not HTTP/1.x");
    return;
  }
  const std::string_view code = line.substr(kPrefix.size() + 2, 3);
  int status = 0;
  for (char digit : code) {
    if (digit < '0' || digit > '9') {
      Fail("the status line has no three-digit status");
      return;
    }
    status = status * 10 + (digit - '0');
  }
  if (line.size() > kPrefix.size() + 5 && !IsBlank(line[kPrefix.size() + 5])) {
    Fail("the status line has no three-digit status");
    return;
  }
  if (status < 100) {
    Fail("the status is below 100");
    return;
  }
  minor_version_ = line[kPrefix.size()] - '0';
  status_ = status;
  phase_ = Phase::kHeaders;
}

void ResponseFramer::OnHeaderLine(std::string_view line) {
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos) {
    Fail("a header line has no colon");
    return;
  }
  if (line.find('\0') != std::string_view::npos) {
    Fail("a header line holds a NUL byte");
    return;
  }
  // With a colon, a folded continuation (it starts with a blank) or a line without a name is
  // passed over; without one, libcurl 7.88 refuses it too.
  if (colon == 0 || IsBlank(line.front())) return;
  const std::string_view name = line.substr(0, colon);
  const std::string_view value = Trim(line.substr(colon + 1));
  if (EqualsIgnoringAsciiCase(name, "content-length")) {
    // One value, or a list of the same value repeated (RFC 9110, 8.6).
    bool any = false;
    ForEachToken(value, [this, &any](std::string_view text) {
      if (state_ != State::kIncomplete) return;
      any = true;
      OnContentLength(text);
    });
    if (!any) Fail("Content-Length is not a length");
  } else if (EqualsIgnoringAsciiCase(name, "transfer-encoding")) {
    // The engine decodes no transfer coding but chunked (identity changes nothing), as
    // libcurl without CURLOPT_TRANSFER_ENCODING: another one makes the body unreadable.
    ForEachToken(value, [this](std::string_view coding) {
      if (EqualsIgnoringAsciiCase(coding, "chunked")) {
        chunked_ = true;
      } else if (!EqualsIgnoringAsciiCase(coding, "identity") && state_ == State::kIncomplete) {
        Fail("a transfer coding other than chunked");
      }
    });
  } else if (EqualsIgnoringAsciiCase(name, "connection")) {
    ForEachToken(value, [this](std::string_view option) {
      if (EqualsIgnoringAsciiCase(option, "close")) connection_close_ = true;
      if (EqualsIgnoringAsciiCase(option, "keep-alive")) connection_keep_alive_ = true;
    });
  }
}

void ResponseFramer::OnContentLength(std::string_view text) {
  uint64_t length = 0;
  const bool digits_only = !text.empty() && text.size() <= kMaxDecimalDigits &&
                           text.find_first_not_of("0123456789") == std::string_view::npos;
  for (char digit : digits_only ? text : std::string_view()) {
    length = length * 10 + static_cast<uint64_t>(digit - '0');
  }
  if (!digits_only) {
    Fail("Content-Length is not a length");
  } else if (has_length_ && length != length_) {
    Fail("two different Content-Length values");
  } else {
    has_length_ = true;
    length_ = length;
  }
}

void ResponseFramer::OnHeadersEnd() {
  if (status_ < 200 && status_ != 101) {
    // An interim response (100 Continue, 103 Early Hints): the final one follows. What it
    // says of the connection still holds: `Connection: close`, or HTTP/1.0 without
    // keep-alive (libcurl sets its connection's one close flag on either, in any response).
    const bool head_request = head_request_;
    const bool received_any = received_any_;
    const size_t head_bytes = head_bytes_;
    const bool connection_close =
        connection_close_ || (minor_version_ == 0 && !connection_keep_alive_);
    Begin(head_request);
    received_any_ = received_any;
    head_bytes_ = head_bytes;
    connection_close_ = connection_close;
    return;
  }
  keep_alive_ = !connection_close_ && (minor_version_ >= 1 || connection_keep_alive_);
  // Both framings at once is a smuggling attempt's signature: whichever framing this response
  // gets (chunked wins; a response without a body has neither), the connection is not trusted
  // with another request.
  if (chunked_ && has_length_) keep_alive_ = false;
  if (head_request_ || status_ == 204 || status_ == 304) {
    Finish();
  } else if (status_ == 101 || (!chunked_ && !has_length_)) {
    keep_alive_ = false;
    phase_ = Phase::kBodyUntilClose;
  } else if (chunked_) {
    phase_ = Phase::kChunkSize;
  } else if (length_ == 0) {
    Finish();
  } else {
    remaining_ = length_;
    phase_ = Phase::kBodyLength;
  }
}

void ResponseFramer::OnChunkSizeLine(std::string_view line) {
  uint64_t size = 0;
  size_t digits = 0;
  while (digits < line.size() && HexDigitValue(line[digits]) >= 0) {
    size = size * 16 + static_cast<uint64_t>(HexDigitValue(line[digits]));
    ++digits;
  }
  // What follows the digits (extensions, or anything else) is passed over, as libcurl does.
  if (digits == 0 || digits > kMaxHexDigits) {
    Fail("a chunk size is not hexadecimal");
    return;
  }
  if (size == 0) {
    phase_ = Phase::kTrailers;
  } else {
    remaining_ = size;
    phase_ = Phase::kChunkData;
  }
}

size_t ResponseFramer::TakeBody(std::string_view bytes, uint64_t& remaining) {
  const size_t take = static_cast<size_t>(std::min<uint64_t>(bytes.size(), remaining));
  Keep(bytes.substr(0, take));
  remaining -= take;
  return take;
}

void ResponseFramer::Keep(std::string_view body_bytes) {
  const size_t room = kKeptResponseBytes - std::min(kKeptResponseBytes, body_.size());
  body_.append(body_bytes.data(), std::min(body_bytes.size(), room));
}

void ResponseFramer::Fail(std::string_view why) {
  state_ = State::kMalformed;
  failure_.assign(why);
  keep_alive_ = false;
}

void ResponseFramer::Finish() {
  state_ = State::kComplete;
  phase_ = Phase::kDone;
}

}  // namespace slogate::load
