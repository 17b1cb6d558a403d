// `slogate`: dispatches to the registered subcommands. Holds no logic of its own.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <span>
#include <string_view>
#include <vector>

#include "command.h"

namespace slogate::cli {
namespace {

std::vector<Command>& Registry() {
  static std::vector<Command> commands;
  return commands;
}

void PrintUsage(std::FILE* out) {
  std::fprintf(out, "usage: slogate <command> [options]\n\ncommands:\n");
  for (const Command& command : Commands()) {
    std::fprintf(out, "  %-10.*s %.*s\n", static_cast<int>(command.name.size()),
                 command.name.data(), static_cast<int>(command.summary.size()),
                 command.summary.data());
  }
  std::fprintf(out, "\n'slogate <command> --help' describes a command's options.\n");
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
  for (const auto& command : Commands()) {
    if (command.name == name) {
      try {
        return command.run(std::span<char* const>(argv + 2, static_cast<size_t>(argc - 2)));
      } catch (const std::exception& error) {
        std::fprintf(stderr, "slogate %s: %s\n", argv[1], error.what());
        return 2;
      }
    }
  }
  std::fprintf(stderr, "slogate: unknown command '%s'\n\n", argv[1]);
  slogate::cli::PrintUsage(stderr);
  return 2;
}
