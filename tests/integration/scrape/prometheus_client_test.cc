// PrometheusSource against servers that misbehave (ScriptedServer): credentials sent and never
// printed, HTTP errors, bodies that are not the API's, a server that hangs, answers too large.
// The real Prometheus is in tests/integration/prometheus.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "scripted_server.h"
#include "slogate/common/secrets.h"
#include "slogate/scrape/prometheus_source.h"

namespace slogate::scrape {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using testing::ScriptedConnection;
using testing::ScriptedRequest;
using testing::ScriptedServer;

constexpr std::string_view kToken = "prom-token-4f2a9c";
constexpr std::string_view kPassword = "prom-password-77b1";

const std::string kUpAnswer =
    R"({"status":"success","data":{"resultType":"vector","result":[)"
    R"({"metric":{"__name__":"up","instance":"127.0.0.1:8080","job":"gw"},"value":[1700000000,"1"]}]}})";
const std::string kTargetsAnswer =
    R"({"status":"success","data":{"activeTargets":[{"labels":{"instance":"127.0.0.1:8080",)"
    R"("job":"gw"},"health":"up","scrapeInterval":"1s"}]}})";

PrometheusOptions OptionsFor(const ScriptedServer& server) {
  PrometheusOptions options;
  options.url = server.Url();
  options.selector = R"({job="gw"})";
  options.request_timeout = std::chrono::milliseconds(2000);
  return options;
}

// time() as Prometheus answers it: a scalar of its own now, here ours moved by `offset`.
std::string TimeAnswer(std::chrono::milliseconds offset) {
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch()) +
                   offset;
  const std::string seconds = std::to_string(now.count() / 1000) + "." +
                              std::to_string(1000 + now.count() % 1000).substr(1);
  return R"({"status":"success","data":{"resultType":"scalar","result":[)" + seconds + R"(,")" +
         seconds + R"("]}})";
}

// Answers like a healthy Prometheus with one target whose clock is ours: time(), up, targets,
// and empty vectors otherwise.
void HealthyPrometheus(const ScriptedRequest& request, ScriptedConnection& connection) {
  if (request.target.find("query=time%28%29") != std::string::npos) {
    connection.Respond(200, TimeAnswer(std::chrono::milliseconds(0)));
  } else if (request.target.starts_with("/api/v1/targets")) {
    connection.Respond(200, kTargetsAnswer);
  } else if (request.target.find("query=up") != std::string::npos) {
    connection.Respond(200, kUpAnswer);
  } else {
    connection.Respond(200, R"({"status":"success","data":{"resultType":"vector","result":[]}})");
  }
}

class PrometheusClientTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (stopper_.joinable()) stopper_.join();
    secrets::ClearForTesting();
  }

  // Options whose stop flag turns true after `delay`, with timeouts far longer than that.
  PrometheusOptions StoppedAfter(const ScriptedServer& server, std::chrono::milliseconds delay) {
    PrometheusOptions options = OptionsFor(server);
    options.request_timeout = std::chrono::minutes(5);
    options.max_wait = std::chrono::minutes(5);
    options.stop = &stop_;
    stopper_ = std::thread([this, delay] {
      std::this_thread::sleep_for(delay);
      stop_ = true;
    });
    return options;
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread stopper_;
};

TEST_F(PrometheusClientTest, SendsTheBearerTokenAndTheSelectorEncoded) {
  ScriptedServer server(HealthyPrometheus);
  PrometheusOptions options = OptionsFor(server);
  options.bearer_token = std::string(kToken);
  auto set = PrometheusSource(options).Check(WallTime(std::chrono::seconds(1700000000)),
                                             {"gateway_dlq_depth"});
  ASSERT_TRUE(set.ok()) << set.error().message;
  const auto received = server.Received();
  ASSERT_FALSE(received.empty());
  EXPECT_EQ(received[0].target, "/api/v1/query?query=up%7Bjob%3D%22gw%22%7D");
  EXPECT_THAT(received[0].head, HasSubstr("Authorization: Bearer " + std::string(kToken)));
  EXPECT_TRUE(secrets::ContainsSecret(kToken));
  EXPECT_THAT(received.back().target,
              HasSubstr("query=gateway_dlq_depth%7Bjob%3D%22gw%22%7D&time=1700000000.000"));
}

TEST_F(PrometheusClientTest, SendsBasicAuthFromTheOptionsOrTheUrl) {
  ScriptedServer server(HealthyPrometheus);
  PrometheusOptions options = OptionsFor(server);
  options.basic_user = "reader";
  options.basic_password = std::string(kPassword);
  ASSERT_TRUE(PrometheusSource(options).Check(WallTime{}, {}).ok());
  // "reader:prom-password-77b1" in base64.
  EXPECT_THAT(server.Received()[0].head,
              HasSubstr("Authorization: Basic cmVhZGVyOnByb20tcGFzc3dvcmQtNzdiMQ=="));

  ScriptedServer second(HealthyPrometheus);
  PrometheusOptions in_url = OptionsFor(second);
  in_url.url = "http://reader:" + std::string(kPassword) + "@" + second.Url().substr(7);
  PrometheusRead read = PrometheusSource(in_url).Read(WallTime{}, WallTime{}, WallTime{},
                                                      std::chrono::seconds(1), {"x_total"}, {});
  EXPECT_EQ(read.evidence.url, second.Url());
  EXPECT_THAT(second.Received()[0].head,
              HasSubstr("Authorization: Basic cmVhZGVyOnByb20tcGFzc3dvcmQtNzdiMQ=="));
}

TEST_F(PrometheusClientTest, RefusedCredentialsAreNamedAndNeverPrinted) {
  ScriptedServer server([](const ScriptedRequest& request, ScriptedConnection& connection) {
    // A server that echoes what it was sent, token included.
    connection.Respond(401, "unauthorized: " + request.head);
  });
  PrometheusOptions options = OptionsFor(server);
  options.bearer_token = std::string(kToken);
  auto set = PrometheusSource(options).Check(WallTime{}, {});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code, "prometheus_unreachable");
  EXPECT_THAT(set.error().message, HasSubstr("HTTP 401"));
  EXPECT_THAT(set.error().message, HasSubstr("check PROMETHEUS_BEARER_TOKEN"));
  EXPECT_THAT(set.error().message, Not(HasSubstr(std::string(kToken))));
}

// Basic credentials travel as base64("user:password"), which does not contain the password:
// that shape is a registered secret too.
TEST_F(PrometheusClientTest, EchoedBasicCredentialsAreNeverPrinted) {
  ScriptedServer server([](const ScriptedRequest& request, ScriptedConnection& connection) {
    // Prometheus's API error shape, its message the request head it was sent.
    std::string head;
    for (const char c : request.head) head += (c == '\r' || c == '\n') ? ' ' : c;
    connection.Respond(422,
                       R"({"status":"error","errorType":"execution","error":")" + head + R"("})");
  });
  PrometheusOptions options = OptionsFor(server);
  options.basic_user = "reader";
  options.basic_password = std::string(kPassword);
  auto set = PrometheusSource(options).Check(WallTime{}, {});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code, "prometheus_error");
  EXPECT_THAT(set.error().message, HasSubstr("Authorization: Basic [redacted]"));
  EXPECT_THAT(set.error().message, Not(HasSubstr("cmVhZGVyOnByb20tcGFzc3dvcmQtNzdiMQ==")));
}

TEST_F(PrometheusClientTest, AnUnavailableServerIsUnreachableWithItsBody) {
  ScriptedServer server([](const ScriptedRequest&, ScriptedConnection& connection) {
    connection.Respond(503, "Service Unavailable: " + std::string(kToken));
  });
  PrometheusOptions options = OptionsFor(server);
  options.bearer_token = std::string(kToken);
  auto set = PrometheusSource(options).Check(WallTime{}, {});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code, "prometheus_unreachable");
  EXPECT_THAT(set.error().message, HasSubstr(server.Url("/api/v1/query") + "?query="));
  EXPECT_THAT(set.error().message, HasSubstr("HTTP 503: \"Service Unavailable: [redacted]\""));
}

// A server answering every request with one status and body, and what Check says of it.
struct AnswerCase {
  std::string name;
  int status;
  std::string body;
  std::string code;
  std::string message_part;
};

void PrintTo(const AnswerCase& answer, std::ostream* out) { *out << answer.name; }

class PrometheusAnswerTest : public ::testing::TestWithParam<AnswerCase> {};

TEST_P(PrometheusAnswerTest, CheckSaysWhatWasWrong) {
  const AnswerCase& answer = GetParam();
  ScriptedServer server([&](const ScriptedRequest&, ScriptedConnection& connection) {
    connection.Respond(answer.status, answer.body);
  });
  auto set = PrometheusSource(OptionsFor(server)).Check(WallTime{}, {});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code, answer.code);
  EXPECT_THAT(set.error().message, HasSubstr(answer.message_part));
  EXPECT_THAT(set.error().message, HasSubstr(server.Url()));
}

INSTANTIATE_TEST_SUITE_P(
    Answers, PrometheusAnswerTest,
    ::testing::Values(
        AnswerCase{"ApiError", 400,
                   R"({"status":"error","errorType":"bad_data","error":"parse error"})",
                   "prometheus_error", "HTTP 400: Prometheus refused the query: bad_data"},
        AnswerCase{"HtmlPage", 200, "<html>Grafana</html>", "bad_prometheus_answer",
                   "not valid JSON"},
        AnswerCase{"NoTarget", 200,
                   R"({"status":"success","data":{"resultType":"vector","result":[]}})",
                   "prometheus_no_targets", "no scrape target matching up{job=\"gw\"}"}),
    [](const auto& case_info) { return case_info.param.name; });

TEST_F(PrometheusClientTest, AHangingServerStopsAtTheTimeout) {
  ScriptedServer server(
      [](const ScriptedRequest&, ScriptedConnection& connection) { connection.Hang(); });
  PrometheusOptions options = OptionsFor(server);
  options.request_timeout = std::chrono::milliseconds(300);
  const auto began = std::chrono::steady_clock::now();
  auto set = PrometheusSource(options).Check(WallTime{}, {});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code, "prometheus_unreachable");
  EXPECT_THAT(set.error().message, HasSubstr("timed out"));
  EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(10));
}

TEST_F(PrometheusClientTest, TheStopFlagAbandonsAHangingRequest) {
  ScriptedServer server(
      [](const ScriptedRequest&, ScriptedConnection& connection) { connection.Hang(); });
  auto set =
      PrometheusSource(StoppedAfter(server, std::chrono::milliseconds(200))).Check(WallTime{}, {});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code, "interrupted");
}

TEST_F(PrometheusClientTest, AnAnswerPastTheLimitIsRefused) {
  ScriptedServer server([](const ScriptedRequest&, ScriptedConnection& connection) {
    connection.Respond(200, std::string(100000, ' '));
  });
  PrometheusOptions options = OptionsFor(server);
  options.max_response_bytes = 1000;
  auto set = PrometheusSource(options).Check(WallTime{}, {});
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(set.error().code, "bad_prometheus_answer");
  EXPECT_THAT(set.error().message, HasSubstr("larger than 1000 bytes"));
}

TEST_F(PrometheusClientTest, AnUnreachableServerFailsTheSetsAndIsAProblem) {
  ScriptedServer server([](const ScriptedRequest&, ScriptedConnection& connection) {
    connection.Respond(502, "bad gateway");
  });
  PrometheusRead read =
      PrometheusSource(OptionsFor(server))
          .Read(WallTime{}, WallTime{}, WallTime{}, std::chrono::seconds(1), {"x_total"}, {});
  EXPECT_FALSE(read.before.AllOk());
  EXPECT_FALSE(read.after.AllOk());
  ASSERT_EQ(read.evidence.problems.count("x_total"), 1u);
  EXPECT_THAT(read.evidence.problems.at("x_total"), HasSubstr("HTTP 502"));
}

// Answers the ingestion wait's query with a sample from long before any run's end.
void PrometheusThatNeverCatchesUp(const ScriptedRequest& request, ScriptedConnection& connection) {
  if (request.target.find("timestamp") != std::string::npos) {
    connection.Respond(200, R"({"status":"success","data":{"resultType":"vector","result":[)"
                            R"({"metric":{},"value":[1700000000,"1000"]}]}})");
  } else {
    HealthyPrometheus(request, connection);
  }
}

// The read of a 10 s run that ended at `ended`, from a healthy Prometheus whose answer to
// time() is `time_answer`.
PrometheusRead ReadFromClock(const std::string& time_answer, WallTime ended) {
  ScriptedServer server(
      [time_answer](const ScriptedRequest& request, ScriptedConnection& connection) {
        if (request.target.find("query=time%28%29") != std::string::npos) {
          connection.Respond(200, time_answer);
        } else {
          HealthyPrometheus(request, connection);
        }
      });
  return PrometheusSource(OptionsFor(server))
      .Read(ended - std::chrono::seconds(10), ended, ended, std::chrono::seconds(1), {"x_total"},
            {});
}

// A Prometheus whose clock is 90 s ahead: the run's times go to it on its clock (the queries'
// times), and what it gives back comes onto ours.
TEST_F(PrometheusClientTest, TheRunsTimesAreReadOnPrometheussClock) {
  const WallTime ended = std::chrono::system_clock::now();
  const PrometheusRead read = ReadFromClock(TimeAnswer(std::chrono::seconds(90)), ended);
  ASSERT_GE(read.evidence.queries.size(), 2u);
  EXPECT_EQ(read.evidence.queries[0].promql, "time()");
  EXPECT_THAT(read.evidence.queries[0].purpose,
              ::testing::MatchesRegex(
                  "Prometheus's clock is (89|90)\\.[0-9]{3} s ahead of this machine's .*"));
  // The ingestion wait's query: at the run's end on Prometheus's clock.
  const auto moved = read.evidence.queries[1].end - ended;
  EXPECT_GT(moved, std::chrono::seconds(89));
  EXPECT_LT(moved, std::chrono::seconds(91));
  // The "after" set is at the end on our clock, widened by the measurement only.
  EXPECT_GE(read.after.taken_at, ended);
  EXPECT_LT(read.after.taken_at, ended + std::chrono::seconds(1));
}

TEST_F(PrometheusClientTest, AClockTooFarOffOrUntoldIsAProblemOfEveryMetric) {
  for (const std::string& time_answer :
       {TimeAnswer(std::chrono::hours(2)),
        std::string(R"({"status":"success","data":{"resultType":"vector","result":[]}})")}) {
    const PrometheusRead read = ReadFromClock(time_answer, std::chrono::system_clock::now());
    ASSERT_EQ(read.evidence.problems.count("x_total"), 1u);
    EXPECT_THAT(read.evidence.problems.at("x_total"),
                ::testing::AnyOf(HasSubstr("s ahead of this machine's"),
                                 HasSubstr("Prometheus did not tell its time")));
  }
}

TEST_F(PrometheusClientTest, TheIngestionWaitEndsAtMaxWait) {
  ScriptedServer server(PrometheusThatNeverCatchesUp);
  PrometheusOptions options = OptionsFor(server);
  options.max_wait = std::chrono::milliseconds(700);
  const WallTime ended = WallTime(std::chrono::seconds(1700000000));
  PrometheusRead read = PrometheusSource(options).Read(
      ended - std::chrono::seconds(10), ended, ended, std::chrono::seconds(1), {"x_total"}, {});
  EXPECT_GE(read.evidence.ingestion_wait, std::chrono::milliseconds(700));
  EXPECT_LT(read.evidence.ingestion_wait, std::chrono::seconds(10));
  ASSERT_GE(read.evidence.queries.size(), 2u);  // time(), then the wait's
  EXPECT_EQ(read.evidence.queries[1].promql, R"(min(timestamp(x_total{job="gw"})))");
  EXPECT_EQ(read.evidence.scrape_interval, std::chrono::seconds(1));
}

TEST_F(PrometheusClientTest, TheStopFlagEndsTheIngestionWait) {
  ScriptedServer server(PrometheusThatNeverCatchesUp);
  const WallTime ended = WallTime(std::chrono::seconds(1700000000));
  PrometheusRead read = PrometheusSource(StoppedAfter(server, std::chrono::milliseconds(300)))
                            .Read(ended, ended, ended, std::chrono::seconds(1), {"x_total"}, {});
  ASSERT_EQ(read.evidence.problems.count("x_total"), 1u);
  EXPECT_THAT(read.evidence.problems.at("x_total"), HasSubstr("interrupted while waiting"));
}

}  // namespace
}  // namespace slogate::scrape
