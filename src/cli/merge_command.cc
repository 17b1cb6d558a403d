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

namespace slogate::cli {
namespace {

constexpr std::string_view kUsage =
    "usage: slogate merge SHARD.json... [-o OUT.json]\n"
    "\n"
    "Merges the RunResult files of the shards of one run: counts and rates add, latency\n"
    "histograms merge exactly, per-second windows align on wall-clock time. Prints the merged\n"
    "RunResult JSON on stdout, or writes it to OUT.json.\n"
    "\n"
    "  -o, --output OUT.json  write the result to OUT.json instead of stdout\n";

struct MergeFlags {
  std::vector<std::string> shards;
  std::string output;  // empty: stdout
};

// Parses the arguments; prints the problem and returns nullopt on a usage error.
std::optional<MergeFlags> ParseFlags(std::span<char* const> args, bool* help) {
  MergeFlags flags;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      *help = true;
      return flags;
    }
    if (arg == "-o" || arg == "--output") {
      if (i + 1 >= args.size()) {
        std::fprintf(stderr, "slogate merge: %s needs a file name\n\n%s", args[i], kUsage.data());
        return std::nullopt;
      }
      flags.output = args[++i];
    } else if (arg.starts_with("--output=")) {
      flags.output = arg.substr(9);
    } else if (arg.size() > 1 && arg[0] == '-') {
      std::fprintf(stderr, "slogate merge: unknown option '%s'\n\n%s", args[i], kUsage.data());
      return std::nullopt;
    } else {
      flags.shards.emplace_back(arg);
    }
  }
  if (flags.shards.empty()) {
    std::fprintf(stderr, "slogate merge: no shard files given\n\n%s", kUsage.data());
    return std::nullopt;
  }
  return flags;
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
  bool help = false;
  const std::optional<MergeFlags> flags = ParseFlags(args, &help);
  if (help) {
    std::fputs(kUsage.data(), stdout);
    return 0;
  }
  if (!flags) return 2;

  std::vector<load::RunResult> shards;
  for (const std::string& path : flags->shards) {
    Result<load::RunResult> shard = load::ReadRunResultFile(path);
    if (!shard.ok()) {
      std::fprintf(stderr, "slogate merge: %s\n", shard.error().message.c_str());
      return 1;
    }
    shards.push_back(std::move(shard).value());
  }
  const Result<load::RunResult> merged = load::MergeRunResults(shards, flags->shards);
  if (!merged.ok()) {
    std::fprintf(stderr, "slogate merge: %s\n", merged.error().message.c_str());
    return 1;
  }
  if (!WriteOutput(flags->output, load::ToJson(*merged).dump(2))) {
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
