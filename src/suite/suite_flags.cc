#include <algorithm>
#include <filesystem>
#include <string_view>

#include "slogate/suite/session.h"

namespace slogate::suite {
namespace {

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = text.find(',', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string item(text.substr(begin, end - begin));
    if (!item.empty()) items.push_back(item);
    begin = end + 1;
  }
  return items;
}

// Takes "--name=value" or "--name value" out of `args` when present.
Result<std::optional<std::string>> TakeFlag(std::vector<std::string>& args, std::string_view name) {
  const std::string prefix = "--" + std::string(name);
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind(prefix + "=", 0) == 0) {
      std::string value = arg.substr(prefix.size() + 1);
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
      if (value.empty()) return MakeError("bad_flag", prefix + " needs a value");
      return std::optional<std::string>(value);
    }
    if (arg == prefix) {
      if (i + 1 >= args.size()) return MakeError("bad_flag", prefix + " needs a value");
      std::string value = args[i + 1];
      args.erase(args.begin() + static_cast<std::ptrdiff_t>(i),
                 args.begin() + static_cast<std::ptrdiff_t>(i + 2));
      return std::optional<std::string>(value);
    }
  }
  return std::optional<std::string>();
}

}  // namespace

Result<SuiteFlags> ParseSuiteFlags(std::vector<std::string>& args, const config::EnvLookup& env) {
  SuiteFlags flags;
  auto help = std::find_if(args.begin(), args.end(),
                           [](const std::string& arg) { return arg == "--help" || arg == "-h"; });
  flags.help = help != args.end();

  struct Source {
    std::string_view flag;
    std::string_view variable;  // empty: flag only
  };
  auto value_of = [&](Source source) -> Result<std::optional<std::string>> {
    auto flag = TakeFlag(args, source.flag);
    if (!flag) return flag.error();
    if (flag->has_value() || source.variable.empty()) return *flag;
    if (auto from_env = env(source.variable); from_env && !from_env->empty()) {
      return std::optional<std::string>(*from_env);
    }
    return std::optional<std::string>();
  };

  auto profiles_file = value_of({"slo-profiles", ""});  // SLO_PROFILES is read by config
  if (!profiles_file) return profiles_file.error();
  flags.profiles_file = profiles_file->value_or("");
  // Run from outside the source tree (ctest's build dir, an installed binary), the relative
  // default would not be found: fall back to the source tree's copy.
  if (flags.profiles_file.empty() && !env("SLO_PROFILES").has_value() &&
      !std::filesystem::exists(config::kDefaultProfilesFile)) {
    flags.profiles_file = std::string(SLOGATE_SOURCE_DIR) + "/" +
                          std::string(config::kDefaultProfilesFile);
  }

  auto profiles = value_of({"profile", "SLO_PROFILE"});
  if (!profiles) return profiles.error();
  flags.profiles = SplitList(profiles->value_or("smoke"));

  auto endpoints = value_of({"endpoint", "SLO_ENDPOINT"});
  if (!endpoints) return endpoints.error();
  flags.endpoints = SplitList(endpoints->value_or(""));

  auto html = value_of({"html", "SLO_HTML"});
  if (!html) return html.error();
  flags.html_path = html->value_or("");

  auto pushgateway = value_of({"pushgateway", "PUSHGATEWAY_URL"});
  if (!pushgateway) return pushgateway.error();
  flags.pushgateway_url = pushgateway->value_or("");
  return flags;
}

std::string SuiteUsage() {
  return R"(slogate_suite: the SLO conformance suite (GoogleTest).

Runs each selected load profile once against the target, scrapes its metrics before, during
and after, and asserts one SLO per test. Without TARGET_URL it starts the bundled reference
gateway on ephemeral loopback ports and stops it at the end.

Suite options (each also read from the variable shown):
  --profile=NAME[,NAME]   load profiles to run (SLO_PROFILE; default smoke)
  --endpoint=NAME[,NAME]  endpoints to drive (SLO_ENDPOINT; default: each profile's own)
  --slo-profiles=FILE     profile file (SLO_PROFILES; default fixtures/profiles/default.json)
  --html=FILE             also write an HTML report (SLO_HTML)
  --pushgateway=URL       push key figures to a Prometheus Pushgateway (PUSHGATEWAY_URL)

Target and thresholds come from TARGET_URL, TARGET_PATH, RPS, DURATION, CONCURRENCY, JWT,
TENANT, PERSONA_ID, MESSAGE, SLO_ENV, METRICS_URLS, HEALTH_URL, AUDIT_URL_TEMPLATE and
SLO_RESULTS (see docs/config.md). Filter SLOs with --gtest_filter=*LatencyP95* etc.
)";
}

}  // namespace slogate::suite
