// Runs a program the way a user does (through the shell) and captures what it printed: for the
// tests that drive the `slogate` binary and other command-line tools.
#pragma once

#include <string>

namespace slogate::testing {

struct CommandResult {
  int exit_code = -1;  // -1 when it did not exit normally (signal, or the shell failed)
  std::string out;
  std::string err;
};

// Runs `command_line` with /bin/sh, stdin from /dev/null, stdout and stderr captured separately
// (through files in a fresh temporary directory, removed afterwards).
CommandResult RunCommand(const std::string& command_line);

// Runs `input | command_line`: `input` is written to a file and fed on stdin.
CommandResult RunCommandWithInput(const std::string& command_line, const std::string& input);

// `text` as one shell word, whatever it holds: in single quotes, each ' written as '\''.
std::string ShellQuoted(const std::string& text);

// Runs `command_line` on a terminal of its own (script(1), from Debian's essential bsdutils):
// for the outputs meant for people at one. Its stdout and stderr both arrive in `out`, with
// "\r\n" line ends. A test calls TerminalAvailable() first and skips without it.
CommandResult RunOnATerminal(const std::string& command_line);
bool TerminalAvailable();

}  // namespace slogate::testing
