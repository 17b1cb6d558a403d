#include "suite_child.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <mutex>
#include <string>
#include <vector>

namespace slogate::selftest {
namespace {

// Each run's directory (its log and reports) is what a failure message points at, so it stays
// while the test program runs; at its end the directories go unless some test failed.
class RunDirectories : public ::testing::Environment {
 public:
  static RunDirectories& Instance() {
    // Registered once; GoogleTest owns and deletes it.
    static RunDirectories* const instance = [] {
      auto* environment = new RunDirectories;
      ::testing::AddGlobalTestEnvironment(environment);
      return environment;
    }();
    return *instance;
  }
  void Add(const std::string& dir) {
    std::lock_guard<std::mutex> lock(mutex_);
    dirs_.push_back(dir);
  }
  void TearDown() override {
    if (::testing::UnitTest::GetInstance()->Failed()) return;
    std::lock_guard<std::mutex> lock(mutex_);
    std::error_code ignored;
    for (const std::string& dir : dirs_) std::filesystem::remove_all(dir, ignored);
    dirs_.clear();
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> dirs_;
};

using Clock = std::chrono::steady_clock;

// gtest names the cases "<SLO>/<profile>_<endpoint>"; the SLO is the part before the slash.
std::string SloOfCase(const std::string& name) { return name.substr(0, name.find('/')); }

CaseResult ResultOfCase(const nlohmann::json& test_case) {
  CaseResult result;
  // The finding's own message, recorded as a property for every outcome.
  const std::string finding_message = test_case.value("message", "");
  if (test_case.value("result", "") == "SKIPPED") {
    result.outcome = CaseOutcome::kSkip;
  }
  if (test_case.contains("failures")) {
    for (const auto& failure : test_case.at("failures")) {
      result.message += failure.value("failure", "");
    }
    if (result.outcome != CaseOutcome::kSkip) {
      result.outcome = result.message.find("INCONCLUSIVE (not a verdict on the target)") !=
                               std::string::npos
                           ? CaseOutcome::kInconclusive
                           : CaseOutcome::kFail;
    }
  }
  if (result.message.empty()) result.message = finding_message;
  return result;
}

Result<std::map<std::string, CaseResult>> ReadReport(const std::string& path) {
  std::ifstream file(path);
  if (!file) return MakeError("no_report", "the suite wrote no JSON report at " + path);
  try {
    const nlohmann::json report = nlohmann::json::parse(file);
    std::map<std::string, CaseResult> by_slo;
    for (const auto& suite : report.at("testsuites")) {
      for (const auto& test_case : suite.at("testsuite")) {
        by_slo[SloOfCase(test_case.at("name").get<std::string>())] = ResultOfCase(test_case);
      }
    }
    return by_slo;
  } catch (const nlohmann::json::exception& error) {
    return MakeError("bad_report", path + ": " + error.what());
  }
}

}  // namespace

std::string_view CaseOutcomeName(CaseOutcome outcome) {
  switch (outcome) {
    case CaseOutcome::kPass: return "PASS";
    case CaseOutcome::kFail: return "FAIL";
    case CaseOutcome::kInconclusive: return "INCONCLUSIVE";
    case CaseOutcome::kSkip: return "SKIP";
  }
  return "?";
}

Result<std::string> FindSuiteBinary() {
  std::error_code error;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    for (const auto& candidate : {self.parent_path() / "slogate_suite",
                                  self.parent_path().parent_path() / "bin" / "slogate_suite"}) {
      if (access(candidate.c_str(), X_OK) == 0) return candidate.string();
    }
  }
  return MakeError("not_found", "slogate_suite was not found in ../bin next to the self-test");
}

Result<SuiteRun> RunSuite(const std::string& binary, const SuiteInvocation& invocation) {
  char dir_template[] = "/tmp/slogate-selftest-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) return MakeError("io", "cannot create a temp directory");
  const std::string dir = dir_template;
  RunDirectories::Instance().Add(dir);
  const std::string report_path = dir + "/report.json";
  SuiteRun run;
  run.dir = dir;
  run.log_path = dir + "/suite.log";
  run.results_path = dir + "/results.json";
  std::vector<std::pair<std::string, std::string>> env = {{"SLO_RESULTS", run.results_path}};
  env.insert(env.end(), invocation.env.begin(), invocation.env.end());

  std::vector<std::string> args = {binary, "--gtest_output=json:" + report_path};
  args.insert(args.end(), invocation.args.begin(), invocation.args.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  const pid_t pid = fork();
  if (pid < 0) return MakeError("io", "fork failed");
  if (pid == 0) {
    for (const auto& [name, value] : env) setenv(name.c_str(), value.c_str(), 1);
    const int log = open(run.log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log >= 0) {
      dup2(log, STDOUT_FILENO);
      dup2(log, STDERR_FILENO);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  const auto started = Clock::now();
  const auto deadline = started + invocation.timeout;
  std::optional<Clock::time_point> interrupted_at;
  int status = 0;
  pid_t waited = 0;
  while ((waited = waitpid(pid, &status, WNOHANG)) == 0) {
    const bool due = (invocation.interrupt_after &&
                      Clock::now() >= started + *invocation.interrupt_after) ||
                     (invocation.interrupt_when && invocation.interrupt_when());
    if (due && !interrupted_at) {
      kill(pid, SIGINT);
      interrupted_at = Clock::now();
    }
    if (Clock::now() >= deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return MakeError("timeout", "slogate_suite did not finish within " +
                                      std::to_string(invocation.timeout.count()) +
                                      " s; its output is in " + run.log_path);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (interrupted_at) {
    run.interrupt_to_exit =
        std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - *interrupted_at);
  }
  run.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  auto by_slo = ReadReport(report_path);
  if (!by_slo) {
    return MakeError(by_slo.error().code, by_slo.error().message + " (exit status " +
                                              std::to_string(run.exit_status) + "; output in " +
                                              run.log_path + ")");
  }
  run.by_slo = std::move(*by_slo);
  return run;
}

bool GeneratorWasLate(const CaseResult& result) {
  return result.outcome == CaseOutcome::kInconclusive &&
         result.message.find("the load generator fell behind its schedule") != std::string::npos;
}

Result<nlohmann::json> ReadResultsFile(const SuiteRun& run) {
  std::ifstream file(run.results_path);
  if (!file) return MakeError("no_results", "the suite wrote no results file at " + run.results_path);
  auto results = nlohmann::json::parse(file, nullptr, false);
  if (results.is_discarded()) {
    return MakeError("bad_results", run.results_path + " is not JSON");
  }
  return results;
}

}  // namespace slogate::selftest
