// Subcommands of the `slogate` CLI register themselves here; main() only dispatches.
//
// A command is a function from its arguments (after the subcommand name) to an exit status.
// Commands print results to stdout and diagnostics to stderr.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/common/options.h"

namespace slogate::cli {

using CommandFunction = int (*)(std::span<char* const> args);

struct Command {
  std::string_view name;     // one or two words: "run", "metrics check", "report"
  std::string_view summary;  // one line for `slogate --help`
  CommandFunction run;
};

// Registers a command at static-initialisation time. Returns true so it can initialise a
// namespace-scope constant (see SLOGATE_REGISTER_COMMAND).
bool RegisterCommand(Command command);

// Registered commands, sorted by name.
std::span<const Command> Commands();

// Parses a command's arguments by `spec` over the process environment (the common options
// rules). Returns the exit status when parsing ends the command — 2 after printing the error,
// 0 after printing --help or --version — else nullopt with the positional arguments in
// `positionals`.
std::optional<int> ParseCommandLine(const options::CommandSpec& spec, std::span<char* const> args,
                                    std::vector<std::string>* positionals);

// Prints "<program>: <problem>; see <program> --help" to stderr; returns 2 (a usage error).
int UsageError(const options::CommandSpec& spec, const std::string& problem);

}  // namespace slogate::cli

// Use once per command, at namespace scope in the command's .cc file (linked directly into
// the slogate executable, so the registration is never dropped by the linker).
#define SLOGATE_REGISTER_COMMAND(name, summary, function)                         \
  [[maybe_unused]] static const bool slogate_registered_##function =              \
      ::slogate::cli::RegisterCommand(::slogate::cli::Command{name, summary, function})
