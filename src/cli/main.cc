// `slogate`: dispatches to the registered subcommands. Holds no logic of its own.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "command.h"
#include "slogate/common/quote.h"
#include "slogate/common/secrets.h"

namespace slogate::cli {
namespace {

std::vector<Command>& Registry() {
  static std::vector<Command> commands;
  return commands;
}

void PrintUsage(std::FILE* out) {
  std::fprintf(out, "usage: slogate <command> [options]\n\ncommands:\n");
  for (const Command& command : Commands()) {
    std::fprintf(out, "  %-16.*s %.*s\n", static_cast<int>(command.name.size()),
                 command.name.data(), static_cast<int>(command.summary.size()),
                 command.summary.data());
  }
  std::fprintf(out,
               "\n'slogate <command> --help' describes a command's options;\n"
               "'slogate --version' prints the version.\n");
}

// The commands of a group, "metrics check" and "metrics scrape" for "metrics".
std::vector<const Command*> GroupCommands(std::string_view group) {
  std::vector<const Command*> found;
  for (const Command& command : Commands()) {
    if (command.name.size() > group.size() && command.name.starts_with(group) &&
        command.name[group.size()] == ' ') {
      found.push_back(&command);
    }
  }
  return found;
}

void PrintGroupUsage(std::FILE* out, std::string_view group,
                     const std::vector<const Command*>& commands) {
  std::fprintf(out, "usage: slogate %.*s <subcommand> [options]\n\nsubcommands:\n",
               static_cast<int>(group.size()), group.data());
  for (const Command* command : commands) {
    const std::string_view word = command->name.substr(group.size() + 1);
    std::fprintf(out, "  %-16.*s %.*s\n", static_cast<int>(word.size()), word.data(),
                 static_cast<int>(command->summary.size()), command->summary.data());
  }
  std::fprintf(out, "\n'slogate %.*s <subcommand> --help' describes its options.\n",
               static_cast<int>(group.size()), group.data());
}

// `slogate metrics`, `slogate metrics --help`, `slogate metrics lint`: a group named without
// one of its subcommands gets the list of them (on stdout when asked for, else with status 2).
int GroupUsage(std::string_view group, const std::vector<const Command*>& commands, int argc,
               char** argv) {
  if (argc >= 3) {
    const std::string_view word = argv[2];
    if (word == "--help" || word == "-h" || word == "help") {
      PrintGroupUsage(stdout, group, commands);
      return 0;
    }
    std::fprintf(stderr, "slogate %.*s: unknown subcommand %s\n\n", static_cast<int>(group.size()),
                 group.data(), QuoteForMessage(word).c_str());
  } else {
    std::fprintf(stderr, "slogate %.*s: name a subcommand\n\n", static_cast<int>(group.size()),
                 group.data());
  }
  PrintGroupUsage(stderr, group, commands);
  return 2;
}

}  // namespace

bool RegisterCommand(Command command) {
  auto& commands = Registry();
  commands.push_back(command);
  std::sort(commands.begin(), commands.end(),
            [](const Command& a, const Command& b) { return a.name < b.name; });
  return true;
}

std::span<const Command> Commands() { return Registry(); }

std::optional<int> ParseCommandLine(const options::CommandSpec& spec, std::span<char* const> args,
                                    std::vector<std::string>* positionals) {
  const std::vector<std::string_view> views(args.begin(), args.end());
  Result<options::Parsed> parsed = options::Parse(spec, views, options::ProcessEnvironment());
  if (std::optional<int> status = options::Conclude(spec, parsed)) return status;
  *positionals = std::move(parsed->positionals);
  return std::nullopt;
}

int UsageError(const options::CommandSpec& spec, const std::string& problem) {
  std::fprintf(stderr, "%.*s: %s; see %.*s --help\n", static_cast<int>(spec.program.size()),
               spec.program.data(), problem.c_str(), static_cast<int>(spec.program.size()),
               spec.program.data());
  return 2;
}

}  // namespace slogate::cli

int main(int argc, char** argv) {
  using slogate::cli::Commands;
  if (argc < 2) {
    slogate::cli::PrintUsage(stderr);
    return 2;
  }
  const std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    slogate::cli::PrintUsage(stdout);
    return 0;
  }
  if (name == "--version") {
    std::puts(slogate::options::VersionLine("slogate").c_str());
    return 0;
  }
  // Every command's outputs redact the token by value, `report` and `merge` too, which read
  // files that an older version or a hand-made shard may have left unredacted.
  if (const char* jwt = std::getenv("JWT"); jwt != nullptr) slogate::secrets::Register(jwt);
  // A command is one word ("run") or two ("metrics check"); the longer match wins.
  const std::string two_words = argc >= 3 ? std::string(name) + " " + argv[2] : std::string();
  for (int words : {2, 1}) {
    const std::string_view wanted = words == 2 ? std::string_view(two_words) : name;
    if (wanted.empty()) continue;
    for (const auto& command : Commands()) {
      if (command.name != wanted) continue;
      const int first_arg = 1 + words;
      try {
        return command.run(
            std::span<char* const>(argv + first_arg, static_cast<size_t>(argc - first_arg)));
      } catch (const std::exception& error) {
        std::fprintf(stderr, "slogate %.*s: %s\n", static_cast<int>(wanted.size()), wanted.data(),
                     error.what());
        return 2;
      }
    }
  }
  if (const auto group = slogate::cli::GroupCommands(name); !group.empty()) {
    return slogate::cli::GroupUsage(name, group, argc, argv);
  }
  if (name.starts_with("-")) {
    std::fprintf(stderr, "slogate: unknown option %s; see slogate --help\n",
                 slogate::QuoteForMessage(name).c_str());
    return 2;
  }
  std::fprintf(stderr, "slogate: unknown command %s\n\n", slogate::QuoteForMessage(name).c_str());
  slogate::cli::PrintUsage(stderr);
  return 2;
}
