// The two transports against one corpus of hostile responses. The HTTP/1.1 transport frames
// responses itself (src/load/http1_response.h) where the curl transport leaves that to libcurl;
// the engine means both to count every response alike, libcurl 7.88 being the reference. Each
// case scripts one answer, raw bytes on the wire, which a ScriptedServer gives to every request
// of a short run (5 requests at 50/s, 5 slots) through each transport; the two runs must end
// with the same statuses, error categories, OK count and event_ids (the ids sit in the bodies,
// so what each transport kept of a body is compared through what it captured), and with the
// outcome the case expects. The corpus: bodies framed by length, chunks (extensions, trailers,
// split reads, one byte at a time), bare LFs, HTTP/1.0 and the close; 1xx before the answer;
// bodiless statuses; error statuses; huge headers; and replies that are malformed, truncated,
// empty, never sent or reset. Beyond it, edges of the framing rules: where the framer reads a
// response more strictly than libcurl on purpose, the case names the difference and requires
// each transport's own outcome.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "run_result_checks.h"
#include "scripted_server.h"
#include "slogate/load/engine.h"

namespace slogate::load {
namespace {

using ::slogate::testing::ScriptedConnection;
using ::slogate::testing::ScriptedRequest;
using ::slogate::testing::ScriptedServer;
using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr uint64_t kRequests = 5;

// ---- Responses ---------------------------------------------------------------------------

enum class IdKind { kUuid, kText };

// The event_id of the n-th request a server answered (from 1): each run's ids are the same.
std::string EventId(IdKind kind, int n) {
  char id[64];
  if (kind == IdKind::kUuid) {
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", n);
  } else {
    std::snprintf(id, sizeof id, "event-%d", n);
  }
  return id;
}

std::string Body(const std::string& id) { return R"({"event_id":")" + id + R"("})"; }

std::string Hex(size_t value, bool upper) {
  char text[32];
  std::snprintf(text, sizeof text, upper ? "%zX" : "%zx", value);
  return text;
}

// `body` with a Content-Length, after `status_line`.
std::string WithLength(std::string_view status_line, std::string_view body) {
  return std::string(status_line) +
         "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + std::string(body);
}

std::string Ok(std::string_view body) { return WithLength("HTTP/1.1 200 OK", body); }

// A 200 whose body comes in chunks of 1, 10, 16 and 3 bytes and the rest: sizes in either
// case of hex, one with leading zeros, extensions with and without values (one quoted, with a
// ';' inside) and blanks before them, then the last chunk with an extension and two trailers.
std::string ChunkedOk(std::string_view body, std::string_view transfer_encoding = "chunked") {
  struct Piece {
    size_t size;
    std::string_view extension;
  };
  const Piece pieces[] = {
      {1, ""}, {10, ";ext"}, {16, " ;name=value"}, {3, ";q=\"a;b\";flag"}, {body.size(), ""}};
  std::string out = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: " +
                    std::string(transfer_encoding) + "\r\n\r\n";
  bool upper = false;
  for (const Piece& piece : pieces) {
    const size_t size = std::min(piece.size, body.size());
    if (size == 0) continue;
    out += (size == 16 ? "00" : "") + Hex(size, upper) + std::string(piece.extension) + "\r\n";
    out.append(body.substr(0, size));
    out += "\r\n";
    body.remove_prefix(size);
    upper = !upper;
  }
  return out + "0;last\r\nX-Checksum: abc\r\nX-Trailer-Two: 2\r\n\r\n";
}

// `crlf` with every CRLF a bare LF.
std::string BareLf(std::string_view crlf) {
  std::string out;
  for (size_t i = 0; i < crlf.size(); ++i) {
    if (crlf[i] == '\r' && i + 1 < crlf.size() && crlf[i + 1] == '\n') continue;
    out.push_back(crlf[i]);
  }
  return out;
}

// `count` header lines of `length` bytes each, their CRLFs not counted.
std::string HeaderLines(int count, size_t length) {
  std::string lines;
  for (int i = 0; i < count; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "X-Filler-%04d: ", i);
    std::string line = name;
    line.resize(length, 'f');
    lines += line + "\r\n";
  }
  return lines;
}

// `bytes` in writes of `piece` bytes, `pause` apart.
void WriteInPieces(ScriptedConnection& connection, std::string_view bytes, size_t piece,
                   milliseconds pause) {
  while (!bytes.empty()) {
    const size_t size = std::min(piece, bytes.size());
    if (!connection.Write(bytes.substr(0, size))) return;
    bytes.remove_prefix(size);
    if (pause.count() > 0 && !bytes.empty() && !connection.Sleep(pause)) return;
  }
}

// ---- Outcomes ----------------------------------------------------------------------------

// What a run counted, all of it compared between the transports.
struct Outcome {
  uint64_t ok = 0;
  uint64_t ok_without_event_id = 0;
  std::map<int, uint64_t> status_counts;
  std::map<int, uint64_t> error_status_counts;
  std::map<ErrorCategory, uint64_t> errors_by_category;
  std::set<std::string> event_ids;

  friend bool operator==(const Outcome&, const Outcome&) = default;
};

Outcome OutcomeOf(const RunResult& result) {
  return {.ok = result.ok,
          .ok_without_event_id = result.ok_without_event_id,
          .status_counts = result.status_counts,
          .error_status_counts = result.error_status_counts,
          .errors_by_category = result.errors_by_category,
          .event_ids = std::set<std::string>(result.event_ids.begin(), result.event_ids.end())};
}

std::string Describe(const Outcome& outcome) {
  std::ostringstream out;
  out << "{ok " << outcome.ok << ", ok_without_event_id " << outcome.ok_without_event_id
      << ", status_counts {";
  for (const auto& [status, count] : outcome.status_counts) out << " " << status << ":" << count;
  out << " }, error_status_counts {";
  for (const auto& [status, count] : outcome.error_status_counts) {
    out << " " << status << ":" << count;
  }
  out << " }, errors_by_category {";
  for (const auto& [category, count] : outcome.errors_by_category) {
    out << " " << ErrorCategoryName(category) << ":" << count;
  }
  out << " }, event_ids " << outcome.event_ids.size() << " {";
  for (const std::string& id : outcome.event_ids) out << " " << id;
  out << " }}";
  return out.str();
}

void PrintTo(const Outcome& outcome, std::ostream* os) { *os << Describe(outcome); }

// What every request of a case should come to: an OK status (with or without an event_id), a
// status counted as an error, or a failure below HTTP.
struct Expected {
  int status = 0;  // 0: no HTTP answer
  std::optional<ErrorCategory> error;
  bool carries_id = false;
};

Expected OkWithId(int status = 200) { return {status, std::nullopt, true}; }
Expected OkWithoutId(int status) { return {status, std::nullopt, false}; }
Expected ErrorStatus(int status, ErrorCategory category) { return {status, category, false}; }
Expected Failure(ErrorCategory category) { return {0, category, false}; }

Outcome OutcomeOf(const Expected& expected, IdKind ids) {
  Outcome outcome;
  if (expected.status != 0) outcome.status_counts[expected.status] = kRequests;
  if (expected.error) {
    outcome.errors_by_category[*expected.error] = kRequests;
    if (expected.status != 0) outcome.error_status_counts[expected.status] = kRequests;
    return outcome;
  }
  outcome.ok = kRequests;
  if (!expected.carries_id) {
    outcome.ok_without_event_id = kRequests;
    return outcome;
  }
  for (int n = 1; n <= static_cast<int>(kRequests); ++n) outcome.event_ids.insert(EventId(ids, n));
  return outcome;
}

// ---- The corpus --------------------------------------------------------------------------

// Answers one request; `id` is the event_id for its body.
using Responder = std::function<void(ScriptedConnection&, const std::string& id)>;

struct DifferentialCase {
  const char* name;
  Responder respond;
  Expected expected;
  IdKind ids = IdKind::kUuid;
  std::set<int> ok_statuses = {200};
  // Set where the framer reads the response more strictly than libcurl on purpose (each a
  // response no real server sends): why, and the framer's own outcome, which the case then
  // requires of the HTTP/1.1 transport instead of libcurl's.
  const char* known_difference = nullptr;
  std::optional<Expected> http1_expected = std::nullopt;
};

void PrintTo(const DifferentialCase& c, std::ostream* os) { *os << c.name; }

// Every answer is written as raw bytes; the server closes the connection when the script
// returns (a close the body may run until), unless the case hangs.
std::vector<DifferentialCase> Corpus() {
  using Category = ErrorCategory;
  return {
      // -- Framed answers: every one OK, its body kept whole.
      {.name = "ContentLength",
       .respond = [](ScriptedConnection& c, const std::string& id) { c.Write(Ok(Body(id))); },
       .expected = OkWithId()},
      {.name = "Chunked",
       .respond = [](ScriptedConnection& c,
                     const std::string& id) { c.Write(ChunkedOk(Body(id))); },
       .expected = OkWithId()},
      {.name = "ChunkedInSplitReads",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             WriteInPieces(c, ChunkedOk(Body(id)), 3, milliseconds(2));
           },
       .expected = OkWithId()},
      {.name = "ChunkedOneByteAtATime",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             WriteInPieces(c, ChunkedOk(Body(id)), 1, milliseconds(0));
           },
       .expected = OkWithId()},
      {.name = "BareLfContentLength",
       .respond = [](ScriptedConnection& c,
                     const std::string& id) { c.Write(BareLf(Ok(Body(id)))); },
       .expected = OkWithId(),
       .ids = IdKind::kText},
      {.name = "BareLfChunked",
       .respond = [](ScriptedConnection& c,
                     const std::string& id) { c.Write(BareLf(ChunkedOk(Body(id)))); },
       .expected = OkWithId()},
      {.name = "Http10ContentLength",
       .respond = [](ScriptedConnection& c,
                     const std::string& id) { c.Write(WithLength("HTTP/1.0 200 OK", Body(id))); },
       .expected = OkWithId(),
       .ids = IdKind::kText},
      {.name = "Http10BodyUntilClose",
       .respond = [](ScriptedConnection& c,
                     const std::string& id) { c.Write("HTTP/1.0 200 OK\r\n\r\n" + Body(id)); },
       .expected = OkWithId()},
      {.name = "BodyUntilClose",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             c.Write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + Body(id));
           },
       .expected = OkWithId()},
      // -- Interim responses before the final one, each in its own read.
      {.name = "ContinueThenOk",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             c.Write("HTTP/1.1 100 Continue\r\n\r\n") && c.Sleep(milliseconds(5)) &&
                 c.Write(Ok(Body(id)));
           },
       .expected = OkWithId()},
      {.name = "EarlyHintsThenOk",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             c.Write("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n") &&
                 c.Sleep(milliseconds(5)) && c.Write(Ok(Body(id)));
           },
       .expected = OkWithId()},
      // -- Statuses without a body: the answer ends with its headers, whatever they say.
      {.name = "NoContent204AsOk",
       .respond = [](ScriptedConnection& c,
                     const std::string&) { c.Write("HTTP/1.1 204 No Content\r\n\r\n"); },
       .expected = OkWithoutId(204),
       .ok_statuses = {200, 204}},
      {.name = "NotModified304WithAContentLength",
       .respond =
           [](ScriptedConnection& c, const std::string&) {
             c.Write("HTTP/1.1 304 Not Modified\r\nContent-Length: 40\r\nETag: \"e\"\r\n\r\n");
           },
       .expected = ErrorStatus(304, Category::kStatusOther)},
      // -- Error statuses.
      {.name = "ServiceUnavailable503",
       .respond =
           [](ScriptedConnection& c, const std::string&) {
             c.Write(WithLength("HTTP/1.1 503 Service Unavailable", R"({"error":"busy"})"));
           },
       .expected = ErrorStatus(503, Category::kStatus5xx)},
      {.name = "TooManyRequests429",
       .respond =
           [](ScriptedConnection& c, const std::string&) {
             c.Write(
                 "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n");
           },
       .expected = ErrorStatus(429, Category::kStatus429)},
      // -- Huge headers, still within libcurl's limits (a line of 100 KiB, 300 KiB in all).
      {.name = "TwoHundredHeaderLinesOf1KiB",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             const std::string body = Body(id);
             c.Write("HTTP/1.1 200 OK\r\n" + HeaderLines(200, 1024) +
                     "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
           },
       .expected = OkWithId()},
      {.name = "HeaderLineOf90KiB",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             const std::string body = Body(id);
             c.Write("HTTP/1.1 200 OK\r\n" + HeaderLines(1, 90 * 1024) +
                     "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
           },
       .expected = OkWithId()},
      // -- Malformed answers.
      {.name = "StatusLineWithoutStatus",
       .respond = [](ScriptedConnection& c,
                     const std::string&) { c.Write("HTTP/1.1 abc\r\nContent-Length: 0\r\n\r\n"); },
       .expected = Failure(Category::kRead)},
      {.name = "NotHttp",
       .respond = [](ScriptedConnection& c, const std::string&) { c.Write("hello\r\n\r\n"); },
       .expected = Failure(Category::kRead)},
      {.name = "ChunkSizeNotHex",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             c.Write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" + Body(id) +
                     "\r\n0\r\n\r\n");
           },
       .expected = Failure(Category::kRead)},
      // -- Answers cut short, never sent or reset.
      {.name = "BodyShorterThanContentLength",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             c.Write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + Body(id));
           },
       .expected = Failure(Category::kRead)},
      {.name = "ChunkedCutBeforeTheLastChunk",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             std::string answer = ChunkedOk(Body(id));
             answer.resize(answer.find("0;last"));
             c.Write(answer);
           },
       .expected = Failure(Category::kRead)},
      {.name = "EmptyReply",
       .respond = [](ScriptedConnection&, const std::string&) {},
       .expected = Failure(Category::kRead)},
      {.name = "NoAnswer",
       .respond = [](ScriptedConnection& c, const std::string&) { c.Hang(); },
       .expected = Failure(Category::kTimeout)},
      {.name = "HalfABodyThenNothing",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             c.Write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + Body(id));
             c.Hang();
           },
       .expected = Failure(Category::kTimeout)},
      {.name = "Reset",
       .respond = [](ScriptedConnection& c, const std::string&) { c.Reset(); },
       .expected = Failure(Category::kRead)},
      {.name = "ResetInsideTheBody",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             c.Write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + Body(id)) &&
                 c.Sleep(milliseconds(5));
             c.Reset();
           },
       .expected = Failure(Category::kRead)},
      // -- At libcurl's limits: a header line over 100 KiB.
      {.name = "HeaderLineOver100KiB",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             c.Write("HTTP/1.1 200 OK\r\n" + HeaderLines(1, 110 * 1024) + "\r\n" + Body(id));
           },
       .expected = Failure(Category::kRead)},

      // -- Beyond the corpus: edges of the framing rules, where libcurl 7.88 (Debian's
      // 7.88.1-10+deb12u15) is the reference. `expected` is libcurl's outcome; a case marked
      // with a known difference is one where the framer keeps a stricter reading on purpose.
      {.name = "HeaderLineOfExactly100KiB",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             const std::string body = Body(id);
             c.Write("HTTP/1.1 200 OK\r\n" + HeaderLines(1, 100 * 1024) +
                     "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
           },
       .expected = Failure(Category::kRead)},
      {.name = "HeadersOver300KiBInAll",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             const std::string body = Body(id);
             c.Write("HTTP/1.1 200 OK\r\n" + HeaderLines(320, 1024) +
                     "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
           },
       .expected = Failure(Category::kRead)},
      {.name = "CloseInsideTheHeaders",
       .respond =
           [](ScriptedConnection& c, const std::string&) {
             c.Write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n");
           },
       .expected = OkWithoutId(200),
       .known_difference =
           "a close after a whole status line but before the end of the headers (and before "
           "any Content-Length or chunked) is a complete bodiless response to libcurl, a "
           "truncated one (read) to the framer",
       .http1_expected = Failure(Category::kRead)},
      {.name = "HeaderLineWithoutColon",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             const std::string body = Body(id);
             c.Write("HTTP/1.1 200 OK\r\nno colon here\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n" + body);
           },
       .expected = Failure(Category::kRead)},
      {.name = "FirstHeaderLineFolded",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             const std::string body = Body(id);
             c.Write("HTTP/1.1 200 OK\r\n folded\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n" + body);
           },
       .expected = Failure(Category::kRead)},
      {.name = "NulByteInAHeader",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             const std::string body = Body(id);
             c.Write(std::string("HTTP/1.1 200 OK\r\nX-Nul: a") + '\0' +
                     "b\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
           },
       .expected = Failure(Category::kRead)},
      {.name = "StatusLineHttp12",
       .respond = [](ScriptedConnection& c,
                     const std::string& id) { c.Write(WithLength("HTTP/1.2 200 OK", Body(id))); },
       .expected = Failure(Category::kRead)},
      {.name = "StatusLineHttp2",
       .respond = [](ScriptedConnection& c,
                     const std::string& id) { c.Write(WithLength("HTTP/2 200", Body(id))); },
       .expected = OkWithId(),
       .known_difference = "libcurl takes \"HTTP/2 200\" as a status line on an HTTP/1.1 "
                           "connection; the framer takes HTTP/1.0 and 1.1 only",
       .http1_expected = Failure(Category::kRead)},
      {.name = "StatusCodeRunningIntoTheReason",
       .respond = [](ScriptedConnection& c,
                     const std::string& id) { c.Write(WithLength("HTTP/1.1 200OK", Body(id))); },
       .expected = OkWithId(),
       .known_difference = "libcurl reads the status with sscanf(\"%3d%c\"): anything but a "
                           "fourth digit may follow the three (and blanks may precede them); "
                           "the framer wants a blank or the line's end after them",
       .http1_expected = Failure(Category::kRead)},
      {.name = "LowerCaseHttpInTheStatusLine",
       .respond =
           [](ScriptedConnection& c, const std::string&) {
             c.Write(WithLength("http/1.1 503 Service Unavailable", R"({"error":"busy"})"));
           },
       .expected = OkWithoutId(200),
       .known_difference =
           "libcurl matches the \"HTTP/\" prefix ignoring case, then fails to scan the line "
           "and takes it as an HTTP/1.0 200 (a 503 counted OK); the framer refuses it (read)",
       .http1_expected = Failure(Category::kRead)},
      {.name = "ChunkSizeFollowedByJunk",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             const std::string body = Body(id);
             c.Write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
                     Hex(body.size(), false) + "zz\r\n" + body + "\r\n0\r\n\r\n");
           },
       .expected = OkWithId()},
      {.name = "ChunkDataEndingInTwoCrs",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             const std::string body = Body(id);
             c.Write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
                     Hex(body.size(), false) + "\r\n" + body + "\r\r\n0\r\n\r\n");
           },
       .expected = OkWithId()},
      {.name = "TrailerWithoutColon",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             std::string answer = ChunkedOk(Body(id));
             answer.insert(answer.find("X-Checksum"), "no colon here\r\n");
             c.Write(answer);
           },
       .expected = Failure(Category::kOther),
       .known_difference =
           "libcurl fails a trailer line without a colon (its headers API: "
           "CURLE_BAD_FUNCTION_ARGUMENT, \"other\"); the framer passes over trailers",
       .http1_expected = OkWithId()},
      {.name = "TwoDifferentContentLengths",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             const std::string body = Body(id);
             c.Write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n" + body);
           },
       .expected = OkWithId(),
       .known_difference = "libcurl frames by the last Content-Length; the framer refuses "
                           "different values (read)",
       .http1_expected = Failure(Category::kRead)},
      {.name = "ContentLengthAsAList",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             const std::string body = Body(id);
             const std::string length = std::to_string(body.size());
             c.Write("HTTP/1.1 200 OK\r\nContent-Length: " + length + ", " + length + "\r\n\r\n" +
                     body);
           },
       .expected = OkWithId()},
      {.name = "TransferEncodingUnknown",
       .respond =
           [](ScriptedConnection& c, const std::string& id) {
             c.Write("HTTP/1.1 200 OK\r\nTransfer-Encoding: foo\r\n\r\n" + Body(id));
           },
       .expected = Failure(Category::kRead)},
      {.name = "TransferEncodingChunkedThenIdentity",
       .respond = [](ScriptedConnection& c,
                     const std::string& id) { c.Write(ChunkedOk(Body(id), "chunked, identity")); },
       .expected = OkWithId()},
  };
}

// ---- The runs ----------------------------------------------------------------------------

// This corpus's runs: five requests, each sent once and answered or failed.
void ExpectEveryRequestAccountedFor(const RunResult& result) {
  EXPECT_EQ(result.scheduled, kRequests);
  EXPECT_EQ(result.sent, kRequests);
  EXPECT_EQ(result.dropped, 0u);
  EXPECT_EQ(result.abandoned_in_flight, 0u);
  ::slogate::testing::ExpectCountsAddUp(result);
}

// The case's run through `transport`, against a server of its own.
Outcome RunThrough(TransportChoice transport, const DifferentialCase& c) {
  SCOPED_TRACE(std::string("transport ") + std::string(TransportName(transport)));
  std::atomic<int> answered{0};
  ScriptedServer server([&](const ScriptedRequest&, ScriptedConnection& connection) {
    c.respond(connection, EventId(c.ids, ++answered));
  });
  LoadOptions options;
  options.target_url = server.Url();
  options.transport = transport;
  options.schedule.rps = 50;
  options.schedule.duration = milliseconds(100);
  options.concurrency = 5;
  options.threads = 1;
  options.request_timeout = seconds(1);
  options.drain_timeout = seconds(2);
  options.ok_statuses = c.ok_statuses;
  Result<RunResult> result = RunLoad(options);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
  if (!result.ok()) return {};
  EXPECT_EQ(result->transport, TransportName(transport));
  ExpectEveryRequestAccountedFor(*result);
  // Each request reached the server once: neither transport sent one again.
  EXPECT_EQ(server.requests(), kRequests);
  return OutcomeOf(*result);
}

class TransportDifferentialTest : public ::testing::TestWithParam<DifferentialCase> {};

TEST_P(TransportDifferentialTest, BothTransportsCountTheAnswerAlike) {
  const DifferentialCase& c = GetParam();
  const Outcome http1 = RunThrough(TransportChoice::kHttp1, c);
  const Outcome curl = RunThrough(TransportChoice::kCurl, c);
  // libcurl 7.88 is the reference: its outcome is the one the case expects.
  EXPECT_EQ(curl, OutcomeOf(c.expected, c.ids)) << Describe(curl);
  if (c.http1_expected) {
    EXPECT_EQ(http1, OutcomeOf(*c.http1_expected, c.ids))
        << "known difference: " << c.known_difference << "\n  http1: " << Describe(http1)
        << "\n  curl:  " << Describe(curl);
    return;
  }
  EXPECT_EQ(http1, curl) << "http1: " << Describe(http1) << "\n  curl:  " << Describe(curl);
}

INSTANTIATE_TEST_SUITE_P(Corpus, TransportDifferentialTest, ::testing::ValuesIn(Corpus()),
                         [](const ::testing::TestParamInfo<DifferentialCase>& param_info) {
                           return param_info.param.name;
                         });

}  // namespace
}  // namespace slogate::load
