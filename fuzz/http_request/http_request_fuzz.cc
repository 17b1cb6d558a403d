// Feeds arbitrary bytes to the reference gateway's HTTP request parser the way its event loop
// does: the connection's input grows by pieces of arbitrary size, and after each piece the
// parser runs over what has not been consumed yet, request after request.
//
// Input: the first byte picks the header and body limits (small ones, so the 413 and 431
// paths are reached), the next 8 bytes are piece sizes; the rest is the byte stream.
// Checks: every outcome is consistent (a complete request consumed at least its head and its
// body and at most what was there; an error has an error status), and the requests and the
// error the stream yields do not depend on how it was split: a single piece gives the same.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "http_parser.h"

namespace {

using slogate::fuzz::Require;
using slogate::refgw::http::ParseLimits;
using slogate::refgw::http::ParseOutcome;
using slogate::refgw::http::ParseRequest;
using slogate::refgw::http::ParseStatus;
using slogate::refgw::http::Request;

constexpr size_t kPieceSizes = 8;

// What a stream yielded, in a form two runs can be compared by.
struct Yield {
  std::vector<std::string> requests;  // method, target, headers and body of each request
  int error_status = 0;

  bool operator==(const Yield&) const = default;
};

std::string Describe(const Request& request) {
  std::string text = request.method + ' ' + request.target + ' ' +
                     std::to_string(request.version_minor) + (request.keep_alive ? " k\n" : "\n");
  for (const auto& header : request.headers) text += header.name + ':' + header.value + '\n';
  return text + request.body;
}

void CheckOutcome(const ParseOutcome& outcome, std::string_view input, const Request& request,
                  const ParseLimits& limits) {
  switch (outcome.status) {
    case ParseStatus::kComplete:
      Require(outcome.consumed > 0 && outcome.consumed <= input.size());
      Require(request.body.size() <= limits.max_body_bytes);
      Require(input.substr(outcome.consumed - request.body.size(), request.body.size()) ==
              request.body);
      Require(!request.method.empty() && request.target.starts_with('/'));
      break;
    case ParseStatus::kIncomplete:
      Require(outcome.bytes_needed == 0 || outcome.bytes_needed > input.size());
      break;
    case ParseStatus::kError:
      Require(outcome.error_status >= 400 && outcome.error_status <= 599);
      Require(!outcome.error_message.empty());
      break;
  }
}

// Runs the parser over `stream` delivered in pieces of the given sizes (the last piece takes
// the rest), as the event loop's read handler does, and returns what it yielded.
Yield Feed(std::string_view stream, const std::vector<size_t>& piece_sizes,
           const ParseLimits& limits) {
  Yield yield;
  std::string buffer;
  size_t offset = 0;        // bytes of `buffer` already consumed
  size_t bytes_needed = 0;  // from the last kIncomplete with its headers read
  size_t delivered = 0;
  for (size_t piece = 0; delivered < stream.size(); ++piece) {
    const size_t length = piece < piece_sizes.size() ? piece_sizes[piece] : stream.size();
    buffer.append(stream.substr(delivered, length));
    delivered = std::min(stream.size(), delivered + length);
    while (true) {
      const std::string_view input = std::string_view(buffer).substr(offset);
      if (input.empty() || (bytes_needed != 0 && input.size() < bytes_needed)) break;
      Request request;
      const ParseOutcome outcome = ParseRequest(input, limits, &request);
      CheckOutcome(outcome, input, request, limits);
      if (outcome.status == ParseStatus::kIncomplete) {
        bytes_needed = outcome.bytes_needed;
        break;
      }
      if (outcome.status == ParseStatus::kError) {
        yield.error_status = outcome.error_status;
        return yield;
      }
      offset += outcome.consumed;
      bytes_needed = 0;
      yield.requests.push_back(Describe(request));
    }
  }
  return yield;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 + kPieceSizes) return 0;
  ParseLimits limits;
  // Half the inputs keep the gateway's own limits; the others get small ones.
  if (data[0] & 1) {
    limits.max_header_bytes = 16 + (data[0] >> 1) * 4;
    limits.max_body_bytes = (data[0] >> 1) * 8;
  }
  std::vector<size_t> piece_sizes;
  for (size_t i = 1; i <= kPieceSizes; ++i) piece_sizes.push_back(data[i] == 0 ? 1 : data[i]);
  const std::string_view stream(reinterpret_cast<const char*>(data) + 1 + kPieceSizes,
                                size - 1 - kPieceSizes);
  const Yield in_pieces = Feed(stream, piece_sizes, limits);
  const Yield whole = Feed(stream, {}, limits);
  Require(in_pieces == whole);
  return 0;
}
