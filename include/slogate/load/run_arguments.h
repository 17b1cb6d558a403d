// `slogate run`'s inputs: the upstream harness's environment variables and flags of the same
// names (flags win), parsed and validated into LoadOptions.
//
// Environment (as upstream): TARGET_URL, TARGET_PATH, RPS, DURATION, CONCURRENCY, JWT, TENANT,
// PERSONA_ID, MESSAGE. The request path is TARGET_PATH: PATH is the shell's search path and is
// never read. Pure (the environment is passed in); thread-safe.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "slogate/common/options.h"
#include "slogate/common/result.h"
#include "slogate/load/load_options.h"

namespace slogate::load {

struct RunArguments {
  LoadOptions options;
  std::string out_path;  // --out: where to write the full RunResult JSON; empty = nowhere
  // --json: the JSON summary on stdout even when it is a terminal (a pipe or file always gets it).
  bool json = false;
  // kHelp or kVersion: --help or --version was given and nothing else was parsed.
  options::Outcome outcome = options::Outcome::kRun;
  // --shard=job/N: the index is Kubernetes' JOB_COMPLETION_INDEX (an Indexed Job's pod),
  // read from the environment once the flags are parsed.
  bool shard_from_job = false;
  // --profile NAME (with --endpoint and --slo-profiles): send what the suite sends for that
  // profile — its schedule, in-flight cap, request and latency mark — so that a share run here
  // merges with the suite's share (docs/distributed.md). Read by the CLI, which knows profile
  // files; `profile_flags` lists the flags given that a profile decides instead.
  std::string profile;
  std::string endpoint;
  std::string profiles_file;
};

// Looks up one environment variable; nullopt when unset.
using EnvironmentLookup = options::EnvLookup;

// A share as --shard gives it: "I/N" (share I of N, 0-based) or "job/N" (the index comes from
// JOB_COMPLETION_INDEX, ShardIndexFromJob). The suite takes the same flag.
struct ShardArgument {
  ShardSpec spec;  // the index is 0 until ShardIndexFromJob sets it, with from_job
  bool from_job = false;
};
Result<ShardArgument> ParseShardArgument(std::string_view value);
// The index of an Indexed Job's pod (JOB_COMPLETION_INDEX) as a share of `count`; errors say
// why it is not one. Empty counts as unset, as for every variable.
Result<int> ShardIndexFromJob(int count, const EnvironmentLookup& env);

// `slogate run`'s option table, its setters writing into `arguments` (which must outlive it).
options::CommandSpec RunSpec(RunArguments& arguments);

// Parses `args` (after "run") over the environment, then validates the options as a whole.
// Errors name the variable or flag, the offending text and what is accepted; the JWT is never
// echoed.
Result<RunArguments> ParseRunArguments(std::span<const std::string_view> args,
                                       const EnvironmentLookup& environment);

// The help text of `slogate run` (flags, variables, defaults).
std::string RunUsage();

}  // namespace slogate::load
