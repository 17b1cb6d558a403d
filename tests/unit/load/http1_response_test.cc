// ResponseFramer, the engine's streaming HTTP/1.1 response framer: each framing rule of its
// header (RFC 9112 section 6 as libcurl 7.88 applies it) — where a response ends, what is kept
// of it, whether the connection may carry the next request, which responses are malformed and
// why. A socket delivers a response in reads of any size, so every response of the table is
// also fed split in two at every offset and one byte at a time, and must frame the same.
#include "http1_response.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdio>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace slogate::load {

// Where GoogleTest looks for it (the state's namespace), so that failures name the state.
static void PrintTo(ResponseFramer::State state, std::ostream* out) {
  switch (state) {
    case ResponseFramer::State::kIncomplete:
      *out << "incomplete";
      return;
    case ResponseFramer::State::kComplete:
      *out << "complete";
      return;
    case ResponseFramer::State::kMalformed:
      *out << "malformed";
      return;
  }
}

namespace {

using State = ResponseFramer::State;

// What the framer made of one stream, in a form the ways of feeding it can be compared by.
struct FramedResponse {
  State state = State::kIncomplete;
  int status = 0;
  bool keeps_connection = false;
  std::string body;
  std::string failure;
  bool received_any = false;
  size_t consumed = 0;  // the bytes Feed said it used, all calls together

  bool operator==(const FramedResponse&) const = default;
};

void PrintTo(const FramedResponse& framed, std::ostream* out) {
  *out << "{";
  PrintTo(framed.state, out);
  *out << ", status " << framed.status << (framed.keeps_connection ? ", keeps" : ", closes")
       << ", body \"" << framed.body << "\", failure \"" << framed.failure << "\""
       << (framed.received_any ? ", received" : ", nothing received") << ", consumed "
       << framed.consumed << "}";
}

// Feeds `stream` cut at the offsets `cuts` (ascending; a cut at 0 or at the end feeds an empty
// piece), as a connection's reads would, until the framer needs no more bytes; then closes the
// connection when `close_at_end` and the response still wants bytes. Checks Feed's contract on
// every call: never more than it was given, and all of it while the response is incomplete.
FramedResponse FrameInPieces(std::string_view stream, const std::vector<size_t>& cuts,
                             bool head_request, bool close_at_end) {
  ResponseFramer framer;
  framer.Begin(head_request);
  FramedResponse framed;
  size_t start = 0;
  for (size_t piece = 0; piece <= cuts.size(); ++piece) {
    if (framer.state() != State::kIncomplete) break;
    const size_t end = piece < cuts.size() ? cuts[piece] : stream.size();
    const std::string_view bytes = stream.substr(start, end - start);
    const size_t used = framer.Feed(bytes);
    EXPECT_LE(used, bytes.size());
    if (framer.state() == State::kIncomplete) {
      EXPECT_EQ(used, bytes.size());
    }
    framed.consumed += used;
    start = end;
  }
  if (close_at_end) framer.Close();
  framed.state = framer.state();
  framed.status = framer.status();
  framed.keeps_connection = framer.keeps_connection();
  framed.body = framer.body();
  framed.failure = framer.failure();
  framed.received_any = framer.received_any();
  return framed;
}

// Frames `stream` whole, then split in two at every offset, then one byte at a time, expects
// the same outcome every way, and returns it.
FramedResponse FrameEveryWay(std::string_view stream, bool head_request = false,
                             bool close_at_end = false) {
  const FramedResponse whole = FrameInPieces(stream, {}, head_request, close_at_end);
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    SCOPED_TRACE("split at byte " + std::to_string(cut));
    EXPECT_EQ(FrameInPieces(stream, {cut}, head_request, close_at_end), whole);
  }
  std::vector<size_t> every_byte;
  for (size_t cut = 1; cut < stream.size(); ++cut) every_byte.push_back(cut);
  {
    SCOPED_TRACE("one byte at a time");
    EXPECT_EQ(FrameInPieces(stream, every_byte, head_request, close_at_end), whole);
  }
  return whole;
}

struct FramingCase {
  const char* name;
  std::string_view stream;
  bool head_request;
  bool close_at_end;  // the peer closes the connection after the stream
  State state;
  int status;
  bool keeps_connection;
  std::string_view body;
  std::string_view left_over;  // the stream's last bytes, which Feed must not use
  std::string_view failure;
};

class ResponseFramerTableTest : public testing::TestWithParam<FramingCase> {};

TEST_P(ResponseFramerTableTest, FramesAsExpectedFedWholeInTwoPiecesOrByteByByte) {
  const FramingCase& expected = GetParam();
  const FramedResponse framed =
      FrameEveryWay(expected.stream, expected.head_request, expected.close_at_end);
  EXPECT_EQ(framed.state, expected.state);
  EXPECT_EQ(framed.status, expected.status);
  EXPECT_EQ(framed.keeps_connection, expected.keeps_connection);
  EXPECT_EQ(framed.body, expected.body);
  EXPECT_EQ(framed.consumed, expected.stream.size() - expected.left_over.size());
  EXPECT_EQ(framed.failure, expected.failure);
  EXPECT_TRUE(framed.received_any);
}

constexpr bool kHead = true;
constexpr bool kNotHead = false;
constexpr bool kCloses = true;
constexpr bool kStaysOpen = false;
constexpr bool kKeeps = true;
constexpr bool kDoesNotKeep = false;
constexpr std::string_view kClosedEarly = "the connection closed before the response ended";

INSTANTIATE_TEST_SUITE_P(
    , ResponseFramerTableTest,
    testing::Values(
        // Content-Length.
        FramingCase{"AContentLengthBodyEndsAfterItsLength",
                    "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world", kNotHead,
                    kStaysOpen, State::kComplete, 200, kKeeps, "hello world", "", ""},
        FramingCase{
            "BytesAfterAContentLengthBodyAreLeftForTheNextResponse",
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloHTTP/1.1 204 No Content\r\n\r\n",
            kNotHead, kStaysOpen, State::kComplete, 200, kKeeps, "hello",
            "HTTP/1.1 204 No Content\r\n\r\n", ""},
        FramingCase{"AZeroContentLengthEndsWithTheHeaders",
                    "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\nnext", kNotHead, kStaysOpen,
                    State::kComplete, 201, kKeeps, "", "next", ""},
        FramingCase{"TheSameContentLengthRepeatedIsAccepted",
                    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\ncontent-length: 005\r\n\r\nhello",
                    kNotHead, kStaysOpen, State::kComplete, 200, kKeeps, "hello", "", ""},
        FramingCase{"HeaderNamesAreCaseInsensitiveAndValuesTrimmed",
                    "HTTP/1.1 200 OK\r\nCONTENT-LENGTH:\t 2 \r\n\r\nok", kNotHead, kStaysOpen,
                    State::kComplete, 200, kKeeps, "ok", "", ""},
        FramingCase{"AnyThreeDigitStatusFrom200IsFinal",
                    "HTTP/1.1 999 Odd\r\nContent-Length: 2\r\n\r\nok", kNotHead, kStaysOpen,
                    State::kComplete, 999, kKeeps, "ok", "", ""},
        FramingCase{"AStatusLineWithoutAReasonIsAccepted",
                    "HTTP/1.1 202\r\nContent-Length: 2\r\n\r\nok", kNotHead, kStaysOpen,
                    State::kComplete, 202, kKeeps, "ok", "", ""},
        FramingCase{"AContentLengthBodyCutShortByTheCloseIsMalformed",
                    "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", kNotHead, kCloses,
                    State::kMalformed, 200, kDoesNotKeep, "hello", "", kClosedEarly},
        // Chunked.
        FramingCase{"AChunkedBodyIsDechunked",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\nHTTP/1.1",
                    kNotHead, kStaysOpen, State::kComplete, 200, kKeeps, "hello world", "HTTP/1.1",
                    ""},
        FramingCase{"ChunkSizesAreHexInUpperOrLowerCase",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "a\r\n0123456789\r\nB\r\nabcdefghijk\r\n0C\r\nABCDEFGHIJKL\r\n0\r\n\r\n",
                    kNotHead, kStaysOpen, State::kComplete, 200, kKeeps,
                    "0123456789abcdefghijkABCDEFGHIJKL", "", ""},
        FramingCase{"ChunkExtensionsAndTrailersArePassedOver",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "5;name=value\r\nhello\r\n6 ; quoted=\"a;b\"\r\n world\r\n0;last\r\n"
                    "X-Checksum: abc\r\nX-Count: 2\r\n\r\n",
                    kNotHead, kStaysOpen, State::kComplete, 200, kKeeps, "hello world", "", ""},
        FramingCase{"SixteenHexDigitsAreStillAChunkSize",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "000000000000000a\r\n0123456789\r\n0\r\n\r\n",
                    kNotHead, kStaysOpen, State::kComplete, 200, kKeeps, "0123456789", "", ""},
        FramingCase{"IdentityBesideChunkedChangesNothing",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked, identity\r\n\r\n"
                    "3\r\n\x1f\x8b\x08\r\n0\r\n\r\n",
                    kNotHead, kStaysOpen, State::kComplete, 200, kKeeps, "\x1f\x8b\x08", "", ""},
        FramingCase{"ChunkedWinsOverContentLengthAndTheConnectionIsNotKept",
                    "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "5\r\nhello\r\n0\r\n\r\n",
                    kNotHead, kStaysOpen, State::kComplete, 200, kDoesNotKeep, "hello", "", ""},
        FramingCase{"ChunkedWinsOverAContentLengthAfterIt",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 30\r\n\r\n"
                    "5\r\nhello\r\n0\r\n\r\n",
                    kNotHead, kStaysOpen, State::kComplete, 200, kDoesNotKeep, "hello", "", ""},
        FramingCase{"AChunkedBodyCutShortByTheCloseIsMalformed",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", kNotHead,
                    kCloses, State::kMalformed, 200, kDoesNotKeep, "hello", "", kClosedEarly},
        // A transfer coding the engine does not decode (libcurl without
        // CURLOPT_TRANSFER_ENCODING neither): the body cannot be read.
        FramingCase{"ACodingBesideChunkedIsMalformed",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n5\r\nhello\r\n",
                    kNotHead, kStaysOpen, State::kMalformed, 200, kDoesNotKeep, "",
                    "\r\n5\r\nhello\r\n", "a transfer coding other than chunked"},
        FramingCase{"AnUnknownCodingIsMalformedEvenWithAContentLength",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\nab",
                    kNotHead, kStaysOpen, State::kMalformed, 200, kDoesNotKeep, "",
                    "Content-Length: 2\r\n\r\nab", "a transfer coding other than chunked"},
        // No length at all: the body runs until the close.
        FramingCase{"ABodyWithoutALengthRunsUntilTheClose",
                    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nall of it\r\n\r\nand more",
                    kNotHead, kCloses, State::kComplete, 200, kDoesNotKeep,
                    "all of it\r\n\r\nand more", "", ""},
        FramingCase{"AnEmptyBodyUntilTheCloseIsComplete", "HTTP/1.1 200 OK\r\n\r\n", kNotHead,
                    kCloses, State::kComplete, 200, kDoesNotKeep, "", "", ""},
        // No body whatever the headers say.
        FramingCase{"AResponseToHeadHasNoBodyDespiteItsContentLength",
                    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\n", kHead,
                    kStaysOpen, State::kComplete, 200, kKeeps, "", "HTTP/1.1 200 OK\r\n", ""},
        FramingCase{"AResponseToHeadHasNoBodyDespiteChunked",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", kHead,
                    kStaysOpen, State::kComplete, 200, kKeeps, "", "0\r\n\r\n", ""},
        FramingCase{"NoContentHasNoBodyDespiteAContentLength",
                    "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello", kNotHead,
                    kStaysOpen, State::kComplete, 204, kKeeps, "", "hello", ""},
        FramingCase{"NotModifiedHasNoBodyDespiteAContentLength",
                    "HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\nhello", kNotHead,
                    kStaysOpen, State::kComplete, 304, kKeeps, "", "hello", ""},
        FramingCase{
            "NoContentWithBothFramingsHasNoBodyAndTheConnectionIsNotKept",
            "HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
            "hello",
            kNotHead, kStaysOpen, State::kComplete, 204, kDoesNotKeep, "", "hello", ""},
        FramingCase{"AResponseToHeadWithBothFramingsDoesNotKeepTheConnection",
                    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
                    kHead, kStaysOpen, State::kComplete, 200, kDoesNotKeep, "", "", ""},
        // Interim responses.
        FramingCase{"ContinueIsSkippedForTheFinalResponse",
                    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                    kNotHead, kStaysOpen, State::kComplete, 200, kKeeps, "ok", "", ""},
        FramingCase{"EarlyHintsAreSkippedForTheFinalResponse",
                    "HTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload\r\n\r\n"
                    "HTTP/1.1 103 Early Hints\r\nLink: </app.js>; rel=preload\r\n\r\n"
                    "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
                    kNotHead, kStaysOpen, State::kComplete, 201, kKeeps, "ok", "", ""},
        FramingCase{"Any1xxOtherThan101IsInterim",
                    "HTTP/1.1 199 Unassigned\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n"
                    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                    kNotHead, kStaysOpen, State::kComplete, 200, kKeeps, "ok", "", ""},
        FramingCase{"AnInterimContentLengthDoesNotCountForTheFinalResponse",
                    "HTTP/1.1 100 Continue\r\nContent-Length: 9\r\n\r\n"
                    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                    kNotHead, kStaysOpen, State::kComplete, 200, kKeeps, "ok", "", ""},
        FramingCase{"ConnectionCloseInAnInterimResponseClosesTheConnection",
                    "HTTP/1.1 100 Continue\r\nConnection: close\r\n\r\n"
                    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                    kNotHead, kStaysOpen, State::kComplete, 200, kDoesNotKeep, "ok", "", ""},
        FramingCase{"AnHttp10InterimResponseWithoutKeepAliveClosesTheConnection",
                    "HTTP/1.0 100 Continue\r\n\r\n"
                    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                    kNotHead, kStaysOpen, State::kComplete, 200, kDoesNotKeep, "ok", "", ""},
        FramingCase{"AnHttp10InterimResponseWithKeepAliveKeepsTheConnection",
                    "HTTP/1.0 100 Continue\r\nConnection: keep-alive\r\n\r\n"
                    "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                    kNotHead, kStaysOpen, State::kComplete, 200, kKeeps, "ok", "", ""},
        FramingCase{"AResponseToHeadAfterContinueStillHasNoBody",
                    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                    kHead, kStaysOpen, State::kComplete, 200, kKeeps, "", "ok", ""},
        FramingCase{"SwitchingProtocolsIsFinalWithABodyUntilTheClose",
                    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                    "Content-Length: 1\r\n\r\nraw bytes",
                    kNotHead, kCloses, State::kComplete, 101, kDoesNotKeep, "raw bytes", "", ""},
        FramingCase{"OnlyAnInterimResponseBeforeTheCloseIsMalformed",
                    "HTTP/1.1 100 Continue\r\n\r\n", kNotHead, kCloses, State::kMalformed, 0,
                    kDoesNotKeep, "", "", kClosedEarly},
        // Whether the connection is kept.
        FramingCase{"Http10ClosesTheConnection", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok",
                    kNotHead, kStaysOpen, State::kComplete, 200, kDoesNotKeep, "ok", "", ""},
        FramingCase{"Http10WithKeepAliveKeepsTheConnection",
                    "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok",
                    kNotHead, kStaysOpen, State::kComplete, 200, kKeeps, "ok", "", ""},
        FramingCase{"Http10WithKeepAliveButABodyUntilTheCloseDoesNotKeepIt",
                    "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\nok", kNotHead, kCloses,
                    State::kComplete, 200, kDoesNotKeep, "ok", "", ""},
        FramingCase{"ConnectionCloseInAnyCaseClosesTheConnection",
                    "HTTP/1.1 200 OK\r\nconnection: CLOSE\r\nContent-Length: 2\r\n\r\nok", kNotHead,
                    kStaysOpen, State::kComplete, 200, kDoesNotKeep, "ok", "", ""},
        FramingCase{
            "CloseAmongOtherConnectionOptionsClosesTheConnection",
            "HTTP/1.1 200 OK\r\nConnection: Upgrade ,\tClose, TE\r\nContent-Length: 2\r\n\r\nok",
            kNotHead, kStaysOpen, State::kComplete, 200, kDoesNotKeep, "ok", "", ""},
        FramingCase{"CloseWinsOverKeepAlive",
                    "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nConnection: close\r\n"
                    "Content-Length: 2\r\n\r\nok",
                    kNotHead, kStaysOpen, State::kComplete, 200, kDoesNotKeep, "ok", "", ""},
        FramingCase{"AConnectionOptionOnlyContainingCloseKeepsTheConnection",
                    "HTTP/1.1 200 OK\r\nConnection: closed, x-close\r\nContent-Length: 2\r\n\r\nok",
                    kNotHead, kStaysOpen, State::kComplete, 200, kKeeps, "ok", "", ""},
        // Bare LF line endings.
        FramingCase{"BareLfLineEndingsFrameAContentLengthBody",
                    "HTTP/1.1 200 OK\nContent-Length: 2\n\nokrest", kNotHead, kStaysOpen,
                    State::kComplete, 200, kKeeps, "ok", "rest", ""},
        FramingCase{"BareLfLineEndingsFrameAChunkedBody",
                    "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n2\nok\n3;x\r\n!!!\n0\nT: 1\n\n",
                    kNotHead, kStaysOpen, State::kComplete, 200, kKeeps, "ok!!!", "", ""},
        FramingCase{"FoldedLinesAndLinesWithoutANameArePassedOver",
                    "HTTP/1.1 200 OK\r\n: no name\r\nX-A: 1\r\n"
                    " Content-Length: 9\r\nContent-Length: 2\r\n\r\nok",
                    kNotHead, kStaysOpen, State::kComplete, 200, kKeeps, "ok", "", ""},
        FramingCase{"AHeaderLineWithoutAColonIsMalformed",
                    "HTTP/1.1 200 OK\r\nno colon here\r\nContent-Length: 2\r\n\r\nok", kNotHead,
                    kStaysOpen, State::kMalformed, 200, kDoesNotKeep, "",
                    "Content-Length: 2\r\n\r\nok", "a header line has no colon"},
        FramingCase{"ANulByteInAHeaderIsMalformed",
                    std::string_view("HTTP/1.1 200 OK\r\nX-A: a\0b\r\n\r\n", 29), kNotHead,
                    kStaysOpen, State::kMalformed, 200, kDoesNotKeep, "", "\r\n",
                    "a header line holds a NUL byte"},
        FramingCase{"Http12IsNotHttp1", "HTTP/1.2 200 OK\r\n\r\n", kNotHead, kStaysOpen,
                    State::kMalformed, 0, kDoesNotKeep, "", "\r\n",
                    "the status line is not HTTP/1.x"},
        // Malformed.
        FramingCase{"Http2IsNotHttp1", "HTTP/2 200\r\nContent-Length: 0\r\n\r\n", kNotHead,
                    kStaysOpen, State::kMalformed, 0, kDoesNotKeep, "", "Content-Length: 0\r\n\r\n",
                    "the status line is not HTTP/1.x"},
        FramingCase{"AnotherProtocolIsNotHttp1", "SSH-2.0-OpenSSH_9.2\r\nmore", kNotHead,
                    kStaysOpen, State::kMalformed, 0, kDoesNotKeep, "", "more",
                    "the status line is not HTTP/1.x"},
        FramingCase{"ALeadingEmptyLineIsNotAStatusLine", "\r\nHTTP/1.1 200 OK\r\n\r\n", kNotHead,
                    kStaysOpen, State::kMalformed, 0, kDoesNotKeep, "", "HTTP/1.1 200 OK\r\n\r\n",
                    "the status line is not HTTP/1.x"},
        FramingCase{"ANonDigitStatusIsMalformed", "HTTP/1.1 2x0 OK\r\n\r\n", kNotHead, kStaysOpen,
                    State::kMalformed, 0, kDoesNotKeep, "", "\r\n",
                    "the status line has no three-digit status"},
        FramingCase{"AFourDigitStatusIsMalformed", "HTTP/1.1 2000 OK\r\n\r\n", kNotHead, kStaysOpen,
                    State::kMalformed, 0, kDoesNotKeep, "", "\r\n",
                    "the status line has no three-digit status"},
        FramingCase{"AStatusBelow100IsMalformed", "HTTP/1.1 099 Low\r\n\r\n", kNotHead, kStaysOpen,
                    State::kMalformed, 0, kDoesNotKeep, "", "\r\n", "the status is below 100"},
        FramingCase{"ANonNumericContentLengthIsMalformed",
                    "HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\nhello", kNotHead, kStaysOpen,
                    State::kMalformed, 200, kDoesNotKeep, "", "\r\nhello",
                    "Content-Length is not a length"},
        FramingCase{"ANegativeContentLengthIsMalformed",
                    "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", kNotHead, kStaysOpen,
                    State::kMalformed, 200, kDoesNotKeep, "", "\r\n",
                    "Content-Length is not a length"},
        FramingCase{"AnEmptyContentLengthIsMalformed",
                    "HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\n", kNotHead, kStaysOpen,
                    State::kMalformed, 200, kDoesNotKeep, "", "\r\n",
                    "Content-Length is not a length"},
        FramingCase{"AContentLengthListOfOneValueIsThatValue",
                    "HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello", kNotHead, kStaysOpen,
                    State::kComplete, 200, kKeeps, "hello", "", ""},
        FramingCase{"AContentLengthListOfTwoValuesIsMalformed",
                    "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello", kNotHead, kStaysOpen,
                    State::kMalformed, 200, kDoesNotKeep, "", "\r\nhello",
                    "two different Content-Length values"},
        FramingCase{"ATwentyDigitContentLengthIsMalformed",
                    "HTTP/1.1 200 OK\r\nContent-Length: 00000000000000000001\r\n\r\nx", kNotHead,
                    kStaysOpen, State::kMalformed, 200, kDoesNotKeep, "", "\r\nx",
                    "Content-Length is not a length"},
        FramingCase{"TwoDifferentContentLengthsAreMalformed",
                    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
                    kNotHead, kStaysOpen, State::kMalformed, 200, kDoesNotKeep, "", "\r\nhello!",
                    "two different Content-Length values"},
        FramingCase{"AChunkSizeThatIsNotHexIsMalformed",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
                    kNotHead, kStaysOpen, State::kMalformed, 200, kDoesNotKeep, "",
                    "hello\r\n0\r\n\r\n", "a chunk size is not hexadecimal"},
        FramingCase{"AnEmptyChunkSizeIsMalformed",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\r\n0\r\n\r\n", kNotHead,
                    kStaysOpen, State::kMalformed, 200, kDoesNotKeep, "", "0\r\n\r\n",
                    "a chunk size is not hexadecimal"},
        // As libcurl: what follows a chunk size's digits is passed over, and so are extra CRs
        // before the LF that ends a chunk's data.
        FramingCase{
            "TextAfterAChunkSizeIsPassedOver",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 x\r\nhello\r\r\n0\r\n\r\n",
            kNotHead, kStaysOpen, State::kComplete, 200, kKeeps, "hello", "", ""},
        FramingCase{"AChunkSizeOfSeventeenHexDigitsIsMalformed",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    "0000000000000000a\r\n0123456789\r\n0\r\n\r\n",
                    kNotHead, kStaysOpen, State::kMalformed, 200, kDoesNotKeep, "",
                    "0123456789\r\n0\r\n\r\n", "a chunk size is not hexadecimal"},
        FramingCase{"ChunkDataLongerThanItsSizeIsMalformed",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n",
                    kNotHead, kStaysOpen, State::kMalformed, 200, kDoesNotKeep, "hel", "0\r\n\r\n",
                    "a chunk's data is longer than its size"}),
    [](const testing::TestParamInfo<FramingCase>& param_info) { return param_info.param.name; });

TEST(ResponseFramerTest, FeedUsesOnlyTheResponsesBytesAndTheRestStartsTheNext) {
  const std::string first = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
  const std::string second =
      "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n";
  const std::string third = "HTTP/1.1 204 No Content\r\n\r\n";
  const std::string stream = first + second + third;
  ResponseFramer framer;
  framer.Begin(false);
  EXPECT_EQ(framer.Feed(stream), first.size());
  EXPECT_EQ(framer.state(), State::kComplete);
  EXPECT_EQ(framer.body(), "hello");

  framer.Begin(false);
  EXPECT_EQ(framer.Feed(std::string_view(stream).substr(first.size())), second.size());
  EXPECT_EQ(framer.state(), State::kComplete);
  EXPECT_EQ(framer.status(), 201);
  EXPECT_EQ(framer.body(), "ok");

  framer.Begin(false);
  EXPECT_EQ(framer.Feed(std::string_view(stream).substr(first.size() + second.size())),
            third.size());
  EXPECT_EQ(framer.state(), State::kComplete);
  EXPECT_EQ(framer.status(), 204);
  EXPECT_TRUE(framer.keeps_connection());
}

TEST(ResponseFramerTest, FeedUsesEveryByteWhileTheResponseIsIncomplete) {
  ResponseFramer framer;
  framer.Begin(false);
  EXPECT_EQ(framer.Feed("HTTP/1.1 200 OK\r\nContent-Le"), 27u);
  EXPECT_EQ(framer.Feed("ngth: 10\r\n\r\n0123"), 16u);
  EXPECT_EQ(framer.state(), State::kIncomplete);
  EXPECT_EQ(framer.status(), 200);
  EXPECT_EQ(framer.body(), "0123");
  EXPECT_EQ(framer.Feed("456789HTTP/1.1"), 6u);
  EXPECT_EQ(framer.state(), State::kComplete);
  EXPECT_EQ(framer.body(), "0123456789");
}

TEST(ResponseFramerTest, FeedAfterTheResponseEndedUsesNothingAndChangesNothing) {
  ResponseFramer framer;
  framer.Begin(false);
  framer.Feed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  ASSERT_EQ(framer.state(), State::kComplete);
  EXPECT_EQ(framer.Feed("HTTP/1.1 500 Oops\r\nConnection: close\r\n\r\n"), 0u);
  framer.Close();
  EXPECT_EQ(framer.state(), State::kComplete);
  EXPECT_EQ(framer.status(), 200);
  EXPECT_EQ(framer.body(), "ok");
  EXPECT_TRUE(framer.keeps_connection());

  framer.Begin(false);
  framer.Feed("HTTP/1.1 2x0 OK\r\n");
  ASSERT_EQ(framer.state(), State::kMalformed);
  EXPECT_EQ(framer.Feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), 0u);
  framer.Close();
  EXPECT_EQ(framer.state(), State::kMalformed);
  EXPECT_EQ(framer.failure(), "the status line has no three-digit status");
}

TEST(ResponseFramerTest, AnEmptyFeedIsNotAByteReceived) {
  ResponseFramer framer;
  framer.Begin(false);
  EXPECT_EQ(framer.Feed(""), 0u);
  EXPECT_FALSE(framer.received_any());
  EXPECT_EQ(framer.state(), State::kIncomplete);
}

TEST(ResponseFramerTest, CloseBeforeAnyByteIsAnEmptyReply) {
  ResponseFramer framer;
  framer.Begin(false);
  framer.Close();
  EXPECT_EQ(framer.state(), State::kMalformed);
  EXPECT_EQ(framer.failure(), "the connection closed without a response");
  EXPECT_FALSE(framer.received_any());
  EXPECT_EQ(framer.status(), 0);
  EXPECT_FALSE(framer.keeps_connection());
  // What arrives after the close is not the response's.
  EXPECT_EQ(framer.Feed("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), 0u);
  EXPECT_FALSE(framer.received_any());
  EXPECT_EQ(framer.state(), State::kMalformed);
}

TEST(ResponseFramerTest, CloseMidResponseIsMalformedWithWhatArrivedKept) {
  const std::vector<std::string> cut_short = {
      "H",
      "HTTP/1.1 200 O",
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhel",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5",
  };
  for (const std::string& stream : cut_short) {
    SCOPED_TRACE(stream);
    const FramedResponse framed = FrameEveryWay(stream, false, true);
    EXPECT_EQ(framed.state, State::kMalformed);
    EXPECT_EQ(framed.failure, "the connection closed before the response ended");
    EXPECT_TRUE(framed.received_any);
    EXPECT_FALSE(framed.keeps_connection);
    EXPECT_EQ(framed.consumed, stream.size());
  }
  const FramedResponse mid_body =
      FrameEveryWay("HTTP/1.1 503 Busy\r\nContent-Length: 5\r\n\r\nhel", false, true);
  EXPECT_EQ(mid_body.status, 503);
  EXPECT_EQ(mid_body.body, "hel");
}

TEST(ResponseFramerTest, TheKeptBodyIsCappedButTheWholeContentLengthBodyIsRead) {
  const std::string body(kKeptResponseBytes * 3 + 17, 'b');
  const std::string response =
      "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  ResponseFramer framer;
  framer.Begin(false);
  EXPECT_EQ(framer.Feed(response + "HTTP/1.1 200 OK\r\n"), response.size());
  EXPECT_EQ(framer.state(), State::kComplete);
  EXPECT_EQ(framer.body(), body.substr(0, kKeptResponseBytes));
  EXPECT_TRUE(framer.keeps_connection());
}

TEST(ResponseFramerTest, TheKeptBodyIsCappedAcrossChunksAndReads) {
  std::string chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  std::string body;
  for (size_t chunk = 0; chunk < 10; ++chunk) {
    const std::string data(3000 + chunk, static_cast<char>('a' + chunk));
    char size[16];
    std::snprintf(size, sizeof size, "%zx", data.size());
    chunked += std::string(size) + "\r\n" + data + "\r\n";
    body += data;
  }
  chunked += "0\r\n\r\n";
  ASSERT_GT(body.size(), kKeptResponseBytes);
  ResponseFramer framer;
  framer.Begin(false);
  size_t used = 0;
  for (size_t start = 0; start < chunked.size(); start += 1000) {
    used += framer.Feed(std::string_view(chunked).substr(start, 1000));
  }
  EXPECT_EQ(used, chunked.size());
  EXPECT_EQ(framer.state(), State::kComplete);
  EXPECT_EQ(framer.body(), body.substr(0, kKeptResponseBytes));
}

TEST(ResponseFramerTest, TheKeptBodyIsCappedForABodyUntilTheClose) {
  ResponseFramer framer;
  framer.Begin(false);
  framer.Feed("HTTP/1.1 200 OK\r\n\r\n");
  const std::string piece(kKeptResponseBytes - 1, 'x');
  EXPECT_EQ(framer.Feed(piece), piece.size());
  EXPECT_EQ(framer.Feed("yz"), 2u);
  EXPECT_EQ(framer.Feed(piece), piece.size());
  framer.Close();
  EXPECT_EQ(framer.state(), State::kComplete);
  EXPECT_EQ(framer.body(), piece + "y");
  EXPECT_FALSE(framer.keeps_connection());
}

TEST(ResponseFramerTest, ABodyOfExactlyTheKeptSizeIsKeptWhole) {
  const std::string body(kKeptResponseBytes, 'k');
  ResponseFramer framer;
  framer.Begin(false);
  framer.Feed("HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
              body);
  EXPECT_EQ(framer.state(), State::kComplete);
  EXPECT_EQ(framer.body(), body);
}

TEST(ResponseFramerTest, ANineteenDigitContentLengthIsALength) {
  ResponseFramer framer;
  framer.Begin(false);
  const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 9999999999999999999\r\n\r\n";
  EXPECT_EQ(framer.Feed(head + "some"), head.size() + 4);
  EXPECT_EQ(framer.state(), State::kIncomplete);
  EXPECT_EQ(framer.body(), "some");
}

// A status, header, chunk-size or trailer line of `length` bytes before its end.
std::string LineOf(std::string_view start, size_t length) {
  std::string line(start);
  line.resize(length, 'v');
  return line;
}

// libcurl 7.88 holds a line, its end and a NUL in kMaxHeaderLineBytes: the longest line
// accepted is one byte shorter than that with its end.
TEST(ResponseFramerTest, LinesJustUnderTheLimitAreAcceptedWithEitherLineEnd) {
  for (const std::string_view end : {"\r\n", "\n"}) {
    SCOPED_TRACE(end.size() == 2 ? "CRLF" : "LF");
    const size_t longest = kMaxHeaderLineBytes - 1 - end.size();
    const std::string status_line = LineOf("HTTP/1.1 200 ", longest);
    const std::string header = LineOf("X-Long: ", longest);
    const std::string chunk_size = LineOf("2;ext=", longest);
    const std::string trailer = LineOf("X-Trailer: ", longest);
    const std::string response =
        status_line + std::string(end) + header + std::string(end) + "Transfer-Encoding: chunked" +
        std::string(end) + std::string(end) + chunk_size + std::string(end) + "ok" +
        std::string(end) + "0" + std::string(end) + trailer + std::string(end) + std::string(end);
    const FramedResponse whole = FrameInPieces(response, {}, false, false);
    EXPECT_EQ(whole.state, State::kComplete) << whole.failure;
    EXPECT_EQ(whole.body, "ok");
    EXPECT_EQ(whole.consumed, response.size());
    std::vector<size_t> cuts;
    for (size_t cut = 4096; cut < response.size(); cut += 4096) cuts.push_back(cut);
    EXPECT_EQ(FrameInPieces(response, cuts, false, false), whole);
  }
}

TEST(ResponseFramerTest, ALineOneByteOverTheLimitIsMalformedWithEitherLineEnd) {
  const std::string start = "HTTP/1.1 200 OK\r\n";
  const std::string chunked_start = start + "Transfer-Encoding: chunked\r\n\r\n";
  for (const std::string_view end : {"\r\n", "\n"}) {
    const size_t over = kMaxHeaderLineBytes - end.size();
    const std::vector<std::pair<std::string, std::string>> before_and_line = {
        {"", LineOf("HTTP/1.1 200 ", over)},
        {start, LineOf("X-Long: ", over)},
        {chunked_start, LineOf("2;ext=", over)},
        {chunked_start + "0\r\n", LineOf("X-Trailer: ", over)},
    };
    for (const auto& [before, line] : before_and_line) {
      SCOPED_TRACE(before + line.substr(0, 12) + (end.size() == 2 ? " CRLF" : " LF"));
      const std::string response = before + line + std::string(end) + "\r\n";
      std::vector<size_t> cuts;
      for (size_t cut = 4096; cut < response.size(); cut += 4096) cuts.push_back(cut);
      for (const auto& pieces : {std::vector<size_t>{}, cuts}) {
        const FramedResponse framed = FrameInPieces(response, pieces, false, false);
        EXPECT_EQ(framed.state, State::kMalformed);
        EXPECT_EQ(framed.failure, "a header line is longer than 100 KiB");
        EXPECT_FALSE(framed.keeps_connection);
      }
    }
  }
}

// As Debian's libcurl 7.88: the status lines and headers of one response, interim ones and
// line ends included, at most 300 KiB together.
TEST(ResponseFramerTest, HeadersOverThreeHundredKiBInAllAreMalformedInterimOnesCounted) {
  const auto headers = [](size_t lines) {
    std::string text;
    for (size_t i = 0; i < lines; ++i)
      text += LineOf("X-Filler-" + std::to_string(i) + ": ", 1022) + "\r\n";
    return text;
  };
  const std::string interim = "HTTP/1.1 103 Early Hints\r\n" + headers(100) + "\r\n";
  const std::string under =
      interim + "HTTP/1.1 200 OK\r\n" + headers(190) + "Content-Length: 2\r\n\r\nok";
  EXPECT_EQ(FrameInPieces(under, {}, false, false).state, State::kComplete);
  const std::string over =
      interim + "HTTP/1.1 200 OK\r\n" + headers(210) + "Content-Length: 2\r\n\r\nok";
  const FramedResponse framed = FrameInPieces(over, {}, false, false);
  EXPECT_EQ(framed.state, State::kMalformed);
  EXPECT_EQ(framed.failure, "the response's headers are longer than 300 KiB");
}

// A line passing both limits fails on the one its bytes reach first, whether it arrives whole,
// in reads of 4 KiB, one byte at a time or cut anywhere: the failure must not depend on reads.
TEST(ResponseFramerTest, ALineOverBothLimitsNamesTheOneReachedFirstInAnyPieces) {
  const std::string two_long_lines =
      LineOf("HTTP/1.1 200 ", 100000) + "\r\n" + LineOf("X-A: ", 100000) + "\r\n";
  const std::string too_long = LineOf("X-Endless: ", 150000) + "\r\n\r\n";
  const std::vector<std::pair<std::string, std::string_view>> streams_and_failures = {
      // 300,006 bytes before the line: the headers reach 300 KiB 7,195 bytes into it.
      {two_long_lines + LineOf("X-B: ", 100000) + "\r\n" + too_long,
       "the response's headers are longer than 300 KiB"},
      // 200,004 bytes before the line: it reaches 100 KiB before the headers reach 300 KiB.
      {two_long_lines + too_long, "a header line is longer than 100 KiB"},
  };
  for (const auto& [stream, failure] : streams_and_failures) {
    std::vector<size_t> every_4_kib;
    std::vector<size_t> every_byte;
    for (size_t cut = 1; cut < stream.size(); ++cut) {
      every_byte.push_back(cut);
      if (cut % 4096 == 0) every_4_kib.push_back(cut);
    }
    for (const auto& cuts : {std::vector<size_t>{}, every_4_kib, every_byte,
                             std::vector<size_t>{two_long_lines.size() + 5000},
                             std::vector<size_t>{two_long_lines.size() + 120000}}) {
      SCOPED_TRACE(std::string(failure) + ", " + std::to_string(cuts.size()) + " cuts");
      const FramedResponse framed = FrameInPieces(stream, cuts, false, false);
      EXPECT_EQ(framed.state, State::kMalformed);
      EXPECT_EQ(framed.failure, failure);
    }
  }
}

TEST(ResponseFramerTest, ALineThatNeverEndsIsMalformedOnceOverTheLimit) {
  ResponseFramer framer;
  framer.Begin(false);
  framer.Feed("HTTP/1.1 200 OK\r\nX-Endless: ");
  const std::string piece(4096, 'e');
  size_t fed = 0;
  while (framer.state() == State::kIncomplete && fed < 2 * kMaxHeaderLineBytes) {
    framer.Feed(piece);
    fed += piece.size();
  }
  EXPECT_EQ(framer.state(), State::kMalformed);
  EXPECT_EQ(framer.failure(), "a header line is longer than 100 KiB");
  EXPECT_LE(fed, kMaxHeaderLineBytes + piece.size());
}

TEST(ResponseFramerTest, BeginForgetsEverythingOfTheResponseBefore) {
  ResponseFramer framer;
  // A malformed response cut off mid-line, its Content-Length and its failure...
  framer.Begin(true);
  framer.Feed(
      "HTTP/1.0 404 Not Found\r\nContent-Length: 5\r\nConnection: close\r\n"
      "Transfer-Encoding: chunked\r\nContent-Length: 6\r\nX-Half: ab");
  ASSERT_EQ(framer.state(), State::kMalformed);
  framer.Begin(false);
  EXPECT_EQ(framer.state(), State::kIncomplete);
  EXPECT_EQ(framer.failure(), "");
  EXPECT_EQ(framer.status(), 0);
  EXPECT_EQ(framer.body(), "");
  EXPECT_FALSE(framer.received_any());
  framer.Close();
  EXPECT_EQ(framer.failure(), "the connection closed without a response");

  // ...then a complete one with a body, through a partial line...
  framer.Begin(false);
  framer.Feed("HTTP/1.1 200 OK\r\nContent-Length: 6\r\nX-Half: ab");
  framer.Feed("c\r\n\r\nfirst!");
  ASSERT_EQ(framer.state(), State::kComplete);
  ASSERT_EQ(framer.body(), "first!");

  // ...leave nothing behind: no HEAD, version, length, coding, option or line in progress.
  framer.Begin(false);
  EXPECT_EQ(framer.status(), 0);
  EXPECT_EQ(framer.body(), "");
  const std::string next = "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok";
  EXPECT_EQ(framer.Feed(next), next.size());
  EXPECT_EQ(framer.state(), State::kComplete);
  EXPECT_EQ(framer.status(), 201);
  EXPECT_EQ(framer.body(), "ok");
  EXPECT_TRUE(framer.keeps_connection());
  EXPECT_TRUE(framer.received_any());
}

TEST(ResponseFramerTest, BeginAfterAResponseThatClosedKeepsTheNextOne) {
  ResponseFramer framer;
  framer.Begin(false);
  framer.Feed(
      "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n"
      "Connection: close\r\n\r\n0\r\n\r\n");
  ASSERT_EQ(framer.state(), State::kComplete);
  ASSERT_FALSE(framer.keeps_connection());

  framer.Begin(true);
  framer.Feed("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n");
  EXPECT_EQ(framer.state(), State::kComplete);
  EXPECT_TRUE(framer.keeps_connection());
  EXPECT_EQ(framer.body(), "");

  framer.Begin(false);
  framer.Feed("HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n");
  EXPECT_EQ(framer.state(), State::kIncomplete);
  framer.Feed("1234567");
  EXPECT_EQ(framer.state(), State::kComplete);
  EXPECT_EQ(framer.body(), "1234567");
}

}  // namespace
}  // namespace slogate::load
