// `slogate plan [--slo-profiles FILE] [--profile NAME]... [--env ENV]`: what a run of each
// profile can prove at its confidence, before (and without) running it, so a release gate can
// be sized. Reads the profile file and the environment the suite reads (RPS, DURATION,
// CONCURRENCY, SLO_ENV, ...) through the same config loader; opens no connection. Exit 0 when
// the plans were printed (an SLO a profile cannot prove is part of its plan, not an error), 2 on
// a usage or configuration error.
#include <cstdio>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "command.h"
#include "profile_flags.h"
#include "slogate/config/config_json.h"
#include "slogate/config/loader.h"
#include "slogate/report/run_lines.h"
#include "slogate/slo/plan.h"
#include "slogate/suite/load_plan.h"

namespace slogate::cli {
namespace {

struct PlanFlags {
  std::string profiles_file;          // empty: SLO_PROFILES, else the default file
  std::vector<std::string> profiles;  // empty: every profile of the file
  std::optional<std::string> environment;
};

options::CommandSpec PlanSpec(PlanFlags& flags) {
  options::CommandSpec spec{
      .program = "slogate plan",
      .synopsis = "[--slo-profiles FILE] [--profile NAME]... [--env ENV]",
      .description =
          "Prints, for each selected profile (all when none is named), how many requests its\n"
          "schedule sends and whether that can prove ErrorRate, LatencyP95, WriteThroughResultsOk\n"
          "and WalResultsOk at the profile's confidence: the most failures a proving run may "
          "have,\nor how many requests it would take. Sends nothing.\n",
      .epilog =
          "RPS, DURATION, CONCURRENCY, SLO_CONFIDENCE, SLO_THRESHOLDS and SLO_PROFILES apply as\n"
          "they do to slogate_suite (see docs/config.md).\n"};
  spec.options = {
      ProfilesFileOption(flags.profiles_file),
      {.flag = "--profile",
       .value_name = "NAME",
       .help = "a profile to plan; repeat for more (default: every profile)",
       .set =
           [&flags](std::string_view value) {
             flags.profiles.emplace_back(value);
             return Status::Ok();
           }},
      EnvironmentOption(flags.environment),
  };
  return spec;
}

// The profiles named on the command line (every profile when none was), or the error naming
// the first unknown one and the file's profiles.
Result<std::vector<const config::LoadProfile*>> SelectedProfiles(const config::Config& config,
                                                                 const PlanFlags& flags) {
  std::vector<const config::LoadProfile*> selected;
  if (flags.profiles.empty()) {
    for (const config::LoadProfile& profile : config.profiles) selected.push_back(&profile);
    return selected;
  }
  for (const std::string& name : flags.profiles) {
    Result<const config::LoadProfile*> profile = NamedProfile(config, name);
    if (!profile) return profile.error();
    selected.push_back(*profile);
  }
  return selected;
}

int RunPlan(std::span<char* const> args) {
  PlanFlags flags;
  const options::CommandSpec spec = PlanSpec(flags);
  std::vector<std::string> positionals;
  if (std::optional<int> status = ParseCommandLine(spec, args, &positionals)) return *status;
  Result<config::Config> config =
      config::LoadConfig(WithEnvironment(flags.environment), flags.profiles_file);
  if (!config) {
    std::fprintf(stderr, "slogate plan: %s\n", config.error().message.c_str());
    return 2;
  }
  auto selected = SelectedProfiles(*config, flags);
  if (!selected) return UsageError(spec, selected.error().message);
  std::string text;
  // The plan is of the run these settings would make, thresholds overridden for it included.
  if (const std::string overridden = report::OverriddenThresholdsText(config::ToJson(*config));
      !overridden.empty()) {
    text = overridden + "\n\n";
  }
  for (const config::LoadProfile* profile : *selected) {
    auto plan = suite::PlanProfile(*config, *profile);
    if (!plan) {
      std::fprintf(stderr, "slogate plan: %s\n", plan.error().message.c_str());
      return 2;
    }
    text += (text.empty() ? "" : "\n") + slo::PlanText(*plan);
  }
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace

SLOGATE_REGISTER_COMMAND("plan", "what each profile's run can prove, before running it", RunPlan);

}  // namespace slogate::cli
