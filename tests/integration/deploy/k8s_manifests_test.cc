// deploy/k8s without a cluster (kubectl's --dry-run needs an API server even on the client
// side): the Indexed Job and its volume are checked against what the split run needs, and the
// pods' own command runs here — one process per completion index with the Job's environment, as
// Kubernetes would start them — against the reference gateway, where share 0 must judge the
// whole run.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "command.h"
#include "files.h"
#include "nlohmann/json.hpp"
#include "refgw_process.h"

namespace slogate::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kDeploy = fs::path(SLOGATE_SOURCE_DIR) / "deploy" / "k8s";

json ReadManifest(const std::string& name) {
  const json manifest = json::parse(ReadFile(kDeploy / name), nullptr, false);
  EXPECT_FALSE(manifest.is_discarded()) << name << " is not valid JSON";
  return manifest.is_discarded() ? json::object() : manifest;
}

const json& Container(const json& job) { return job["spec"]["template"]["spec"]["containers"][0]; }

// The container's variables that have a plain value, by name.
std::map<std::string, std::string> PlainEnvironment(const json& job) {
  std::map<std::string, std::string> env;
  for (const json& item : Container(job)["env"]) {
    if (item.contains("value")) env[item["name"]] = item["value"];
  }
  return env;
}

TEST(K8sManifestsTest, TheJobIsAnIndexedJobOfOneShareAPodThatNeverRetries) {
  const json job = ReadManifest("split-run-job.json");
  const json volume = ReadManifest("results-volume.json");
  ASSERT_EQ(job["apiVersion"], "batch/v1");
  ASSERT_EQ(job["kind"], "Job");
  const json& spec = job["spec"];
  EXPECT_EQ(spec["completionMode"], "Indexed");  // JOB_COMPLETION_INDEX in every pod
  // Every share runs at once from one start, and the shares' count is the --shard N.
  const std::map<std::string, std::string> env = PlainEnvironment(job);
  ASSERT_TRUE(env.contains("SLO_SHARES"));
  EXPECT_EQ(spec["completions"], std::stoi(env.at("SLO_SHARES")));
  EXPECT_EQ(spec["parallelism"], spec["completions"]);
  // A retried share would send its load twice; a failed share 0 is the verdict.
  EXPECT_EQ(spec["backoffLimit"], 0);
  EXPECT_EQ(spec["template"]["spec"]["restartPolicy"], "Never");
  EXPECT_TRUE(spec.contains("activeDeadlineSeconds"));
  for (const char* name : {"SLO_START_AT", "SLO_RUN_ID", "SLO_PROFILE", "SLO_PROFILES",
                           "TARGET_URL", "METRICS_URLS", "HEALTH_URL", "AUDIT_URL_TEMPLATE"}) {
    EXPECT_TRUE(env.contains(name)) << name;
  }
  // Every mount is a declared volume; the results volume is the claim the other file makes,
  // writable by every pod at once; the profile file is under the profiles mount.
  const json& pod = spec["template"]["spec"];
  std::map<std::string, json> volumes;
  for (const json& declared : pod["volumes"]) volumes[declared["name"]] = declared;
  std::map<std::string, std::string> mounts;
  for (const json& mount : Container(job)["volumeMounts"]) {
    ASSERT_TRUE(volumes.contains(mount["name"])) << mount.dump();
    mounts[mount["name"]] = mount["mountPath"];
  }
  EXPECT_EQ(volumes["results"]["persistentVolumeClaim"]["claimName"], volume["metadata"]["name"]);
  EXPECT_EQ(volume["kind"], "PersistentVolumeClaim");
  EXPECT_EQ(volume["spec"]["accessModes"], json::array({"ReadWriteMany"}));
  EXPECT_EQ(mounts["results"], "/results");
  EXPECT_TRUE(env.at("SLO_PROFILES").starts_with(mounts["profiles"] + "/"));
  EXPECT_EQ(Container(job)["command"][0], "/bin/sh");
  EXPECT_EQ(Container(job)["command"][1], "-c");
  // kustomize (`kubectl apply -k`) lists both.
  const std::string kustomization = ReadFile(kDeploy / "kustomization.yaml");
  EXPECT_NE(kustomization.find("- results-volume.json"), std::string::npos);
  EXPECT_NE(kustomization.find("- split-run-job.json"), std::string::npos);
}

// RFC 3339 UTC, whole seconds, `lead` ahead: what the README's `date -u -d '+2 min'` gives.
std::string StartAhead(std::chrono::seconds lead) {
  const std::time_t at = std::chrono::system_clock::to_time_t(
      std::chrono::ceil<std::chrono::seconds>(std::chrono::system_clock::now() + lead));
  std::tm utc{};
  gmtime_r(&at, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

TEST(K8sManifestsTest, ThePodsCommandSplitsARunAndShareZeroJudgesItWhole) {
  auto gateway = RefgwProcess::Start({});
  ASSERT_TRUE(gateway.ok()) << gateway.error().message;
  const RefgwProcess& target = **gateway;
  const fs::path results = fs::path(::testing::TempDir()) / ("k8s_" + std::to_string(getpid()));
  fs::remove_all(results);

  const json job = ReadManifest("split-run-job.json");
  const int shares = job["spec"]["completions"];
  std::map<std::string, std::string> env = PlainEnvironment(job);
  // What a user sets for a run, and this machine's stand-ins for the cluster's names.
  std::string metrics = target.MetricsUrl();
  for (const std::string& url : target.ReplicatorMetricsUrls()) metrics += "," + url;
  const std::map<std::string, std::string> local = {
      {"SLO_START_AT", StartAhead(std::chrono::seconds(6))},
      {"SLO_RUN_ID", "run-1"},
      {"SLO_PROFILE", "steady"},
      {"SLO_PROFILES", SLOGATE_SOURCE_DIR "/fixtures/profiles/selftest.json"},
      {"SLO_ENV", "local"},
      {"TARGET_URL", target.ApiUrl()},
      {"METRICS_URLS", metrics},
      {"HEALTH_URL", target.ApiUrl("/v1/health")},
      {"AUDIT_URL_TEMPLATE", target.ApiUrl("/v1/admin/memory/{event_id}")},
      {"SLO_RESULTS_DIR", results.string()},  // the volume's mount
  };
  for (const auto& [name, value] : local) {
    if (name != "SLO_RESULTS_DIR") {
      EXPECT_TRUE(env.contains(name)) << "the Job does not set " << name;
    }
    env[name] = value;
  }
  // One process per completion index, each with only the Job's environment.
  std::string script;
  for (int index = 0; index < shares; ++index) {
    script += "env -i PATH=" SLOGATE_BIN_DIR ":/usr/bin:/bin JOB_COMPLETION_INDEX=" +
              std::to_string(index);
    for (const auto& [name, value] : env) script += " " + name + "=" + ShellQuoted(value);
    script +=
        " /bin/sh -c " + ShellQuoted(Container(job)["command"][2]) + " >" +
        ShellQuoted((results.parent_path() / ("pod-" + std::to_string(index) + ".log")).string()) +
        " 2>&1 & p" + std::to_string(index) + "=$!; ";
  }
  for (int index = 0; index < shares; ++index) {
    script += "wait $p" + std::to_string(index) + "; echo \"pod " + std::to_string(index) +
              " exited $?\"; ";
  }
  const CommandResult pods = RunCommand("timeout -k 5 120 /bin/sh -c " + ShellQuoted(script));
  const std::string share0_log = ReadFile(results.parent_path() / "pod-0.log");
  std::string share_logs;
  for (int index = 1; index < shares; ++index) {
    share_logs += ReadFile(results.parent_path() / ("pod-" + std::to_string(index) + ".log"));
  }
  for (int index = 0; index < shares; ++index) {
    std::error_code ignored;
    fs::remove(results.parent_path() / ("pod-" + std::to_string(index) + ".log"), ignored);
  }
  for (int index = 1; index < shares; ++index) {
    EXPECT_NE(pods.out.find("pod " + std::to_string(index) + " exited 0"), std::string::npos)
        << pods.out << share_logs;
  }
  const json verdict = json::parse(ReadFile(results / "run-1" / "results.json"), nullptr, false);
  ASSERT_FALSE(verdict.is_discarded()) << pods.out << share0_log;
  // Share 0 judged the whole schedule: 40 requests a second for 4 s, from every share.
  EXPECT_EQ(verdict["run"]["sent"], 160) << share0_log;
  EXPECT_TRUE(fs::exists(results / "run-1" / "junit.xml"));
  for (int index = 1; index < shares; ++index) {
    EXPECT_TRUE(
        fs::exists(results / "run-1" / "shares" / ("share-" + std::to_string(index) + ".json")));
  }
  if (pods.out.find("pod 0 exited 0") == std::string::npos) {
    // Only a busy machine may keep the healthy gateway from a PASS: the suite then says its own
    // generator fell behind, which is no verdict on the target.
    for (const json& finding : verdict["verdict"]["findings"]) {
      if (finding["outcome"] == "PASS" || finding["outcome"] == "SKIPPED") continue;
      ASSERT_NE(finding["message"].get<std::string>().find("fell behind its schedule"),
                std::string::npos)
          << pods.out << share0_log;
    }
    GTEST_SKIP() << "the machine was too busy to measure: " << share0_log;
  }
  EXPECT_EQ(verdict["verdict"]["overall"], "PASS") << share0_log;
  std::error_code ignored;
  fs::remove_all(results, ignored);
}

}  // namespace
}  // namespace slogate::testing
