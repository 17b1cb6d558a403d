#include "command.h"

#include <stdlib.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "files.h"

namespace slogate::testing {
namespace {

// Runs `command_line` with `input` (or nothing) on stdin, its outputs in a scratch directory.
CommandResult Run(const std::string& command_line, const std::string* input) {
  CommandResult result;
  std::string pattern = (std::filesystem::temp_directory_path() / "slogate-cmd-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    result.err = "cannot create a temporary directory for the command's output";
    return result;
  }
  const std::filesystem::path dir = pattern;
  std::string stdin_path = "/dev/null";
  if (input != nullptr) {
    stdin_path = (dir / "stdin").string();
    std::ofstream(stdin_path, std::ios::binary) << *input;
  }
  const std::filesystem::path out = dir / "stdout", err = dir / "stderr";
  // A subshell, so that redirections inside `command_line` stay its own.
  const std::string full =
      "(" + command_line + ") >" + out.string() + " 2>" + err.string() + " <" + stdin_path;
  const int status = std::system(full.c_str());
  result.exit_code = status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = ReadFile(out);
  result.err = ReadFile(err);
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return result;
}

}  // namespace

std::string ShellQuoted(const std::string& text) {
  std::string word = "'";
  for (char c : text) word += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return word + "'";
}

CommandResult RunOnATerminal(const std::string& command_line) {
  // script(1) runs the command with $SHELL: /bin/sh, as RunCommand does, whatever the user's.
  return Run("SHELL=/bin/sh script -qec " + ShellQuoted(command_line) + " /dev/null", nullptr);
}

bool TerminalAvailable() { return Run("command -v script", nullptr).exit_code == 0; }

CommandResult RunCommand(const std::string& command_line) { return Run(command_line, nullptr); }

CommandResult RunCommandWithInput(const std::string& command_line, const std::string& input) {
  return Run(command_line, &input);
}

}  // namespace slogate::testing
