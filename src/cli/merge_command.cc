// `slogate merge SHARD.json... [-o OUT.json]`: combines the RunResult files written by shards
// of one run (N copies of `slogate run` at rate/N) into one RunResult, printed as JSON on
// stdout or written to OUT.json. Exit 0 on success, 1 when a shard is unreadable, invalid or
// belongs to another run, 2 on a usage error.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "command.h"
#include "slogate/common/log.h"
#include "slogate/load/merge.h"
#include "slogate/load/run_result_json.h"
#include "slogate/report/redact.h"

namespace slogate::cli {
namespace {

struct MergeFlags {
  std::vector<std::string> shards;
  std::string output;  // empty: stdout
};

options::CommandSpec MergeSpec(MergeFlags& flags) {
  options::CommandSpec spec{
      .program = "slogate merge",
      .synopsis = "SHARD.json... [-o OUT.json]",
      .description =
          "Merges the RunResult files of the shards of one run: counts and rates add, latency\n"
          "histograms merge exactly, per-second windows align on wall-clock time. Prints the "
          "merged\nRunResult JSON on stdout, or writes it to OUT.json.\n"};
  spec.takes_positionals = true;
  spec.options = {
      {.flag = "--output", .value_name = "OUT.json",
       .help = "write the result to OUT.json instead of stdout",
       .set = [&flags](std::string_view value) {
         flags.output = value;
         return Status::Ok();
       },
       .alias = "-o"},
  };
  return spec;
}

bool WriteOutput(const std::string& output, const std::string& text) {
  if (output.empty()) {
    std::cout << text << '\n';
    return static_cast<bool>(std::cout.flush());
  }
  std::ofstream file(output, std::ios::binary | std::ios::trunc);
  file << text << '\n';
  file.close();
  return !file.fail();
}

int RunMerge(std::span<char* const> args) {
  MergeFlags parsed;
  const options::CommandSpec spec = MergeSpec(parsed);
  if (std::optional<int> status = ParseCommandLine(spec, args, &parsed.shards)) return *status;
  if (parsed.shards.empty()) return UsageError(spec, "no shard files given");
  const MergeFlags* flags = &parsed;

  std::vector<load::RunResult> shards;
  for (const std::string& path : flags->shards) {
    Result<load::RunResult> shard = load::ReadRunResultFile(path);
    if (!shard.ok()) {
      std::fprintf(stderr, "slogate merge: %s\n",
                   report::RedactText(shard.error().message).c_str());
      return 1;
    }
    shards.push_back(std::move(shard).value());
  }
  const Result<load::RunResult> merged = load::MergeRunResults(shards, flags->shards);
  if (!merged.ok()) {
    std::fprintf(stderr, "slogate merge: %s\n", report::RedactText(merged.error().message).c_str());
    return 1;
  }
  if (!WriteOutput(flags->output, report::RedactSecrets(load::ToJson(*merged)).dump(2))) {
    std::fprintf(stderr, "slogate merge: cannot write %s\n",
                 flags->output.empty() ? "<stdout>" : flags->output.c_str());
    return 1;
  }
  log::Info("merged " + std::to_string(shards.size()) + " shards: " + std::to_string(merged->sent) +
            " sent, " + std::to_string(merged->completed) + " completed, " +
            std::to_string(merged->errors) + " errors");
  return 0;
}

}  // namespace

SLOGATE_REGISTER_COMMAND("merge", "merge the RunResult files of a run's shards", RunMerge);

}  // namespace slogate::cli
