// Subcommands of the `slogate` CLI register themselves here; main() only dispatches.
//
// A command is a function from its arguments (after the subcommand name) to an exit status.
// Commands print results to stdout and diagnostics to stderr.
#pragma once

#include <span>
#include <string_view>

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

}  // namespace slogate::cli

// Use once per command, at namespace scope in the command's .cc file (linked directly into
// the slogate executable, so the registration is never dropped by the linker).
#define SLOGATE_REGISTER_COMMAND(name, summary, function)                         \
  [[maybe_unused]] static const bool slogate_registered_##function =              \
      ::slogate::cli::RegisterCommand(::slogate::cli::Command{name, summary, function})
