// Feeds arbitrary bytes to the engine's HTTP/1.1 response framer (ResponseFramer) the way a
// connection delivers them: in reads of arbitrary size, response after response while the
// connection is kept, and a close at the end of the stream.
//
// Input: the first byte's bit 0 makes every request a HEAD, and its bit 1 turns each 0xff byte
// of the stream and the byte n after it into (n + 1) * 512 bytes of 'x' (384 KiB at most in
// all), so that lines reach the 100 KiB limit and headers the 300 KiB one, and pass them; the
// next 4 bytes are read sizes, used in turn (0 reads 1 byte); the rest is the stream.
// Checks: Feed never uses more than it is given, and all of it while the response is
// incomplete; a response that ended stays as it is whatever is fed or closed after it; a
// complete response has a final status (101, or 200 to 999) and no failure, a malformed one a
// failure and no kept connection; the kept body never exceeds kKeptResponseBytes and is empty
// without a body (HEAD, 204, 304). The responses a stream yields do not depend on how it was
// split, nor on whether one framer is reused through Begin or a fresh one frames each
// response: the stream fed whole, each response on a new framer, gives the same.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "http1_response.h"

namespace {

using slogate::fuzz::Require;
using slogate::load::kKeptResponseBytes;
using slogate::load::ResponseFramer;

constexpr size_t kReadSizes = 4;
constexpr size_t kExpansionUnit = 512;
constexpr size_t kMaxExpandedBytes = 384 * 1024;
// A connection carries at most this many responses here: enough for pipelined interplay,
// bounded so that a stream of tiny responses stays quick.
constexpr size_t kMaxResponses = 64;

// What one response came to, in a form two runs can be compared by.
struct Framed {
  ResponseFramer::State state = ResponseFramer::State::kIncomplete;
  int status = 0;
  bool keeps_connection = false;
  std::string body;
  std::string failure;
  bool received_any = false;
  size_t consumed = 0;  // the bytes of the stream it used; compared only when complete

  bool operator==(const Framed& other) const {
    return state == other.state && status == other.status &&
           keeps_connection == other.keeps_connection && body == other.body &&
           failure == other.failure && received_any == other.received_any &&
           (state != ResponseFramer::State::kComplete || consumed == other.consumed);
  }
};

Framed Snapshot(const ResponseFramer& framer, size_t consumed) {
  return Framed{framer.state(),
                framer.status(),
                framer.keeps_connection(),
                std::string(framer.body()),
                std::string(framer.failure()),
                framer.received_any(),
                consumed};
}

// Checks a response that has ended, then that nothing fed or closed after it changes it.
void CheckEnded(ResponseFramer& framer, bool head_request, const Framed& framed) {
  Require(framed.body.size() <= kKeptResponseBytes);
  Require(framed.body.size() <= framed.consumed);
  Require(framed.received_any == (framed.consumed > 0));
  if (framed.state == ResponseFramer::State::kComplete) {
    Require(framed.status == 101 || (framed.status >= 200 && framed.status <= 999));
    Require(framed.failure.empty());
    Require(framed.received_any);
    if (head_request || framed.status == 204 || framed.status == 304) {
      Require(framed.body.empty());
    } else if (framed.status == 101) {
      Require(!framed.keeps_connection);
    }
  } else {
    Require(framed.state == ResponseFramer::State::kMalformed);
    Require(!framed.failure.empty());
    Require(!framed.keeps_connection);
    Require(framed.status == 0 || (framed.status >= 100 && framed.status <= 999));
  }
  Require(framer.Feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") == 0);
  framer.Close();
  Require(Snapshot(framer, framed.consumed) == framed);
}

// Frames the responses of one connection's `stream`, delivered in reads of `read_sizes` (used
// in turn; none: the whole stream at once). `reuse` keeps one framer for every response, as the
// engine does; otherwise each response gets a fresh one.
std::vector<Framed> FrameConnection(std::string_view stream, const std::vector<size_t>& read_sizes,
                                    bool head_request, bool reuse) {
  std::vector<Framed> responses;
  // The engine keeps one framer per connection for every response on it; this one lives across
  // inputs too, so Begin is all that separates them.
  static ResponseFramer reused;
  auto fresh = std::make_unique<ResponseFramer>();
  ResponseFramer* framer = reuse ? &reused : fresh.get();
  framer->Begin(head_request);
  size_t consumed = 0;  // bytes of the stream used by the response in progress
  size_t offset = 0;
  for (size_t read = 0; offset < stream.size(); ++read) {
    const size_t size = read_sizes.empty() ? stream.size() : read_sizes[read % read_sizes.size()];
    std::string_view bytes = stream.substr(offset, size);
    offset += bytes.size();
    while (!bytes.empty()) {
      const size_t used = framer->Feed(bytes);
      Require(used <= bytes.size());
      consumed += used;
      bytes.remove_prefix(used);
      if (framer->state() == ResponseFramer::State::kIncomplete) {
        Require(bytes.empty());
        break;
      }
      responses.push_back(Snapshot(*framer, consumed));
      CheckEnded(*framer, head_request, responses.back());
      if (framer->state() != ResponseFramer::State::kComplete || !framer->keeps_connection() ||
          responses.size() == kMaxResponses) {
        return responses;
      }
      if (!reuse) {
        fresh = std::make_unique<ResponseFramer>();
        framer = fresh.get();
      }
      framer->Begin(head_request);
      consumed = 0;
    }
  }
  // The stream ended: the peer closes the connection.
  const bool began = framer->received_any();
  Require(began == (consumed > 0));
  framer->Close();
  Require(framer->state() != ResponseFramer::State::kIncomplete);
  if (!began) {
    Require(framer->state() == ResponseFramer::State::kMalformed);
    Require(framer->failure() == "the connection closed without a response");
    // A connection kept after a response and then closed is not another response.
    if (!responses.empty()) return responses;
  }
  responses.push_back(Snapshot(*framer, consumed));
  CheckEnded(*framer, head_request, responses.back());
  return responses;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 + kReadSizes) return 0;
  const bool head_request = (data[0] & 1) != 0;
  const bool expand = (data[0] & 2) != 0;
  std::vector<size_t> read_sizes;
  for (size_t i = 1; i <= kReadSizes; ++i) read_sizes.push_back(data[i] == 0 ? 1 : data[i]);
  // Kept across inputs with its capacity: a fresh allocation of hundreds of KiB per input would
  // cost more under AddressSanitizer than the framing itself.
  static std::string stream;
  stream.clear();
  size_t expanded = 0;
  for (size_t i = 1 + kReadSizes; i < size; ++i) {
    if (expand && data[i] == 0xff && i + 1 < size) {
      const size_t run = (data[i + 1] + size_t{1}) * kExpansionUnit;
      if (expanded + run <= kMaxExpandedBytes) {
        stream.append(run, 'x');
        expanded += run;
        ++i;
        continue;
      }
    }
    stream.push_back(static_cast<char>(data[i]));
  }
  const std::vector<Framed> in_pieces = FrameConnection(stream, read_sizes, head_request, true);
  const std::vector<Framed> whole = FrameConnection(stream, {}, head_request, false);
  Require(in_pieces == whole);
  return 0;
}
