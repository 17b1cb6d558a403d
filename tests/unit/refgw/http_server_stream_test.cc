// Streamed responses (Response::body_stream) of http::Server: chunked framing, pulls one piece
// at a time under back-pressure, HTTP/1.0 and HEAD, and a stream that gives up.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "http_server.h"
#include "raw_client.h"

namespace slogate::refgw::http {
namespace {

using slogate::testing::RawClient;

// Produces `pieces` pieces of `size` bytes (piece i is the letter 'a' + i % 26 repeated),
// answering each pull on its own thread or, when `inline_answers`, inside Pull itself.
// Aborts instead of producing piece `abort_at`.
class LetterStream : public BodyStream, public std::enable_shared_from_this<LetterStream> {
 public:
  LetterStream(int pieces, size_t size, bool inline_answers, int abort_at)
      : pieces_(pieces), size_(size), inline_answers_(inline_answers), abort_at_(abort_at) {}

  void Pull(PieceSink sink) override {
    const int in_flight = ++in_flight_;
    max_in_flight_ = std::max(max_in_flight_.load(), in_flight);
    const int index = pulls_++;
    if (inline_answers_) return Answer(index, std::move(sink));
    // The thread holds the stream: it may outlive the connection and the test's reference.
    std::thread([self = shared_from_this(), index, sink = std::move(sink)]() mutable {
      self->Answer(index, std::move(sink));
    }).detach();
  }

  int pulls() const { return pulls_.load(); }
  int max_in_flight() const { return max_in_flight_.load(); }

 private:
  void Answer(int index, PieceSink sink) {
    --in_flight_;
    if (index == abort_at_) return sink.Abort();
    std::string piece(size_, static_cast<char>('a' + index % 26));
    if (index + 1 == pieces_) return sink.Last(std::move(piece));
    sink.More(std::move(piece));
  }

  const int pieces_;
  const size_t size_;
  const bool inline_answers_;
  const int abort_at_;
  std::atomic<int> pulls_{0};
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
};

class HttpServerStreamTest : public ::testing::Test {
 protected:
  // The next request to /stream gets `stream`; other paths echo their path.
  void StartServer(std::shared_ptr<LetterStream> stream, ServerOptions options = {}) {
    stream_ = std::move(stream);
    auto started = Server::Start(options, [this](Request request, Responder responder) {
      if (request.path != "/stream") return responder.Send(JsonResponse(200, request.path));
      Response response;
      response.content_type = "application/x-ndjson";
      response.body_stream = stream_;
      responder.Send(std::move(response));
    });
    ASSERT_TRUE(started.ok()) << started.error().message;
    server_ = std::move(*started);
  }

  std::shared_ptr<LetterStream> stream_;
  std::unique_ptr<Server> server_;  // last: stops before the stream goes away
};

class HttpServerStreamAnswerTest : public HttpServerStreamTest,
                                   public ::testing::WithParamInterface<bool> {};

TEST_P(HttpServerStreamAnswerTest, SendsPiecesAsChunksThenServesTheNextRequest) {
  StartServer(std::make_shared<LetterStream>(3, 3, GetParam(), -1));
  RawClient client(server_->port());
  client.Send("GET /stream HTTP/1.1\r\n\r\nGET /next HTTP/1.1\r\n\r\n");
  std::string received = client.ReadUntil("/next");
  size_t head_end = received.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos) << received;
  std::string head = received.substr(0, head_end);
  EXPECT_NE(head.find("Transfer-Encoding: chunked"), std::string::npos) << head;
  EXPECT_EQ(head.find("Content-Length"), std::string::npos) << head;
  std::string after_head = received.substr(head_end + 4);
  const std::string body = "3\r\naaa\r\n3\r\nbbb\r\n3\r\nccc\r\n0\r\n\r\n";
  ASSERT_EQ(after_head.compare(0, body.size(), body), 0) << after_head;
  EXPECT_EQ(after_head.compare(body.size(), 9, "HTTP/1.1 "), 0) << after_head;
  EXPECT_EQ(stream_->pulls(), 3);
}

INSTANTIATE_TEST_SUITE_P(Answers, HttpServerStreamAnswerTest, ::testing::Values(false, true),
                         [](const ::testing::TestParamInfo<bool>& param_info) {
                           return std::string(param_info.param ? "InsidePull" : "FromAThread");
                         });

TEST_F(HttpServerStreamTest, Http10GetsTheBodyUntilTheConnectionCloses) {
  StartServer(std::make_shared<LetterStream>(2, 4, false, -1));
  RawClient client(server_->port());
  client.Send("GET /stream HTTP/1.0\r\n\r\n");
  std::string received = client.ReadUntil("bbbb");
  EXPECT_EQ(received.find("Transfer-Encoding"), std::string::npos) << received;
  EXPECT_NE(received.find("Connection: close\r\n"), std::string::npos) << received;
  EXPECT_EQ(received.substr(received.find("\r\n\r\n") + 4), "aaaabbbb");
  EXPECT_TRUE(client.ClosedByServer());
}

TEST_F(HttpServerStreamTest, HeadGetsTheHeadAndNeverPulls) {
  StartServer(std::make_shared<LetterStream>(2, 4, false, -1));
  RawClient client(server_->port());
  client.Send("HEAD /stream HTTP/1.1\r\n\r\nGET /next HTTP/1.1\r\n\r\n");
  std::string received = client.ReadUntil("/next");
  size_t head_end = received.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos) << received;
  EXPECT_EQ(received.compare(head_end + 4, 9, "HTTP/1.1 "), 0) << received;
  EXPECT_EQ(stream_->pulls(), 0);
}

TEST_F(HttpServerStreamTest, AbortCutsTheTransferShortAndCloses) {
  StartServer(std::make_shared<LetterStream>(5, 2, false, 2));
  RawClient client(server_->port());
  client.Send("GET /stream HTTP/1.1\r\n\r\nGET /never HTTP/1.1\r\n\r\n");
  std::string received = client.ReadUntil("never arrives");
  EXPECT_TRUE(received.ends_with("2\r\naa\r\n2\r\nbb\r\n")) << received;
  EXPECT_EQ(received.find("0\r\n\r\n"), std::string::npos) << "no final chunk";
  EXPECT_EQ(received.find("/never"), std::string::npos);
}

constexpr int kPieces = 100;
constexpr size_t kPieceBytes = 1 << 20;  // 100 MiB in all, far beyond socket buffers

// The pull count once it stopped moving for 200 ms (a reader that reads nothing has filled the
// socket buffers), or -1 if it never settled within 5 s.
int SettledPulls(const LetterStream& stream) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (std::chrono::steady_clock::now() < deadline) {
    const int before = stream.pulls();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (stream.pulls() == before) return before;
  }
  return -1;
}

TEST_F(HttpServerStreamTest, SlowReaderHoldsBackPulls) {
  StartServer(std::make_shared<LetterStream>(kPieces, kPieceBytes, false, -1));
  RawClient client(server_->port());
  client.Send("GET /stream HTTP/1.1\r\n\r\n");
  const int settled = SettledPulls(*stream_);
  ASSERT_GE(settled, 1) << "pulls never settled";
  EXPECT_LT(settled, 40) << "a reader that reads nothing must not make the server buffer it all";
  const size_t total = client.ReadUntilEndsWith("\r\n0\r\n\r\n", 64);
  EXPECT_GT(total, kPieces * kPieceBytes);
  EXPECT_EQ(stream_->pulls(), kPieces);
  EXPECT_EQ(stream_->max_in_flight(), 1);
}

TEST_F(HttpServerStreamTest, ReaderThatStopsReadingIsClosedAfterTheIdleTimeout) {
  ServerOptions options;
  options.idle_timeout = std::chrono::milliseconds(200);
  StartServer(std::make_shared<LetterStream>(kPieces, kPieceBytes, false, -1), options);
  RawClient client(server_->port());
  client.Send("GET /stream HTTP/1.1\r\n\r\n");
  ASSERT_GE(SettledPulls(*stream_), 1);
  // The idle timeout has to lapse (the sweep runs every second): nothing to poll for here.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  const size_t total = client.ReadUntilEndsWith("\r\n0\r\n\r\n", 64);
  EXPECT_LT(total, kPieces * kPieceBytes) << "the server kept the stalled stream open";
  EXPECT_FALSE(client.buffer().ends_with("\r\n0\r\n\r\n"));
  EXPECT_LT(stream_->pulls(), kPieces);
}

}  // namespace
}  // namespace slogate::refgw::http
