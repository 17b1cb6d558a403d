// A target that echoes the bearer token back — as event_ids, in error bodies, in headers, in
// its health answer, its metrics and its audit answers — must not get it into any output: the
// suite's stdout and stderr, the results JSON, the JUnit XML, the HTML, nor `slogate run`'s
// summary and --out file. The token has no JWT shape, so only redaction by value can catch it.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "command.h"
#include "scripted_server.h"

namespace slogate::testing {
namespace {

constexpr char kToken[] = "tok-Zq93vK7pLm2x";

std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

size_t Occurrences(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

// Answers every route of a gateway, each answer carrying the token it was sent.
void EchoingTarget(const ScriptedRequest& request, ScriptedConnection& connection) {
  static std::atomic<int> writes{0};
  const std::string echo = std::string("X-Echo: ") + kToken + "\r\n";
  if (request.target.starts_with("/v1/session/message")) {
    const int n = writes.fetch_add(1);
    if (n % 4 == 3) {
      connection.Respond(500, std::string("{\"error\":\"bad token ") + kToken + "\"}", echo);
    } else if (n % 4 == 0) {
      connection.Respond(200, std::string("{\"event_id\":\"") + kToken + "\"}", echo);
    } else {
      connection.Respond(
          200, "{\"event_id\":\"" + std::string(kToken) + "-" + std::to_string(n) + "\"}", echo);
    }
  } else if (request.target.starts_with("/metrics")) {
    connection.Respond(
        200, std::string("# TYPE gateway_info gauge\ngateway_info{build=\"") + kToken + "\"} 1\n",
        "Content-Type: text/plain; version=0.0.4\r\n");
  } else if (request.target.starts_with("/v1/health")) {
    connection.Respond(200, std::string("{\"status\":\"ok\",\"token\":\"") + kToken + "\"}", echo);
  } else if (request.target.ends_with(kToken)) {
    // An audit error: its message quotes the audit URL, the echoed id in it.
    connection.Respond(500, std::string("audit failed for ") + kToken, echo);
  } else {
    connection.Respond(404, std::string("no such event; you sent ") + kToken, echo);
  }
}

class SecretsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) / "hostile_secrets";
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Path(const char* name) const { return (dir_ / name).string(); }

  // Every request the target received carried the token: the echo is real.
  static void ExpectTheTokenWasSent(const ScriptedServer& server) {
    ASSERT_GT(server.requests(), 0u);
    bool sent = false;
    for (const ScriptedRequest& request : server.Received()) {
      sent = sent || request.head.find(std::string("Bearer ") + kToken) != std::string::npos;
    }
    EXPECT_TRUE(sent);
  }

  std::filesystem::path dir_;
};

TEST_F(SecretsTest, TheSuiteWritesTheEchoedTokenNowhere) {
  ScriptedServer server(EchoingTarget);
  {
    std::ofstream profiles(Path("profiles.json"));
    profiles << R"({"profiles": {"smoke": {"rps": 20, "duration": "1s", "concurrency": 4,
                   "confidence": "none"}},
                   "thresholds": {"default": {"drain_period": 0, "max_drain_period": 0,
                                              "lag_probes_per_second": 0}}})";
  }
  const std::string command =
      "JWT=" + std::string(kToken) + " TARGET_URL=" + server.Url() +
      " METRICS_URLS=" + server.Url("/metrics") + " HEALTH_URL=" + server.Url("/v1/health") +
      " AUDIT_URL_TEMPLATE='" + server.Url("/v1/admin/memory/{event_id}") + "'" +
      " SLO_RESULTS=" + Path("results.json") + " " SLOGATE_SUITE_BINARY + " --slo-profiles " +
      Path("profiles.json") + " --html " + Path("report.html") +
      " --gtest_output=xml:" + Path("junit.xml") + " --seed-summary";
  const CommandResult result = RunCommand(command);
  // Asked for, the upstream harness's summary line follows the table (redacted like the rest).
  EXPECT_NE(result.out.find("\n{\"abandoned_in_flight\":"), std::string::npos) << result.out;
  // The run itself happened, and a quarter of the writes failed (ErrorRate FAILs).
  EXPECT_EQ(result.exit_code, 1) << result.err;
  ExpectTheTokenWasSent(server);
  const std::vector<std::pair<std::string, std::string>> outputs = {
      {"stdout", result.out},
      {"stderr", result.err},
      {"results JSON", ReadAll(Path("results.json"))},
      {"JUnit XML", ReadAll(Path("junit.xml"))},
      {"HTML", ReadAll(Path("report.html"))}};
  for (const auto& [name, text] : outputs) {
    EXPECT_FALSE(text.empty()) << name;
    EXPECT_EQ(Occurrences(text, kToken), 0u) << name << ":\n" << text.substr(0, 2000);
  }
  // The echoed ids were kept and audited, redacted in every output that names them.
  EXPECT_NE(outputs[2].second.find("[redacted]-"), std::string::npos);
  EXPECT_NE(outputs[3].second.find("&quot;[redacted]-1&quot;"), std::string::npos);
}

TEST_F(SecretsTest, SlogateRunWritesTheEchoedTokenNowhere) {
  ScriptedServer server(EchoingTarget);
  const CommandResult result =
      RunCommand("JWT=" + std::string(kToken) + " " SLOGATE_BINARY " run --target-url " +
                 server.Url() + " --rps 20 --duration 1 --concurrency 4 --out " + Path("run.json"));
  EXPECT_EQ(result.exit_code, 0) << result.err;
  ExpectTheTokenWasSent(server);
  const std::string out_file = ReadAll(Path("run.json"));
  for (const auto& [name, text] : {std::pair<std::string, std::string>{"stdout", result.out},
                                   {"stderr", result.err},
                                   {"--out", out_file}}) {
    EXPECT_FALSE(text.empty()) << name;
    EXPECT_EQ(Occurrences(text, kToken), 0u) << name << ":\n" << text.substr(0, 2000);
  }
  EXPECT_NE(out_file.find("[redacted]-"), std::string::npos);

  // The summary for a terminal, from the same echoing target.
  if (!TerminalAvailable()) GTEST_SKIP() << "script(1) is not installed";
  const CommandResult on_terminal =
      RunOnATerminal("JWT=" + std::string(kToken) + " " SLOGATE_BINARY " run --target-url " +
                     server.Url() + " --rps 20 --duration 1 --concurrency 4");
  EXPECT_NE(on_terminal.out.find("latency    corrected"), std::string::npos) << on_terminal.out;
  EXPECT_EQ(Occurrences(on_terminal.out, kToken), 0u) << on_terminal.out.substr(0, 2000);
}

}  // namespace
}  // namespace slogate::testing
