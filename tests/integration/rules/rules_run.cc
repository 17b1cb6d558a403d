#include "rules_run.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>

namespace slogate::testing {

ScratchDir::ScratchDir() {
  static std::atomic<int> next{0};
  path_ = std::filesystem::temp_directory_path() /
          ("slogate-rules-" + std::to_string(getpid()) + "-" + std::to_string(next++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

CommandResult RunRules(const std::string& arguments) {
  return RunCommand("cd " SLOGATE_SOURCE_DIR
                    " && env -u SLO_ENV -u SLO_PROFILES -u SLO_THRESHOLDS " SLOGATE_BINARY
                    " rules " +
                    arguments);
}

CommandResult RunPromtool(const std::filesystem::path& directory, const std::string& arguments) {
  if (!std::filesystem::exists(SLOGATE_PROMTOOL)) {
    ADD_FAILURE() << SLOGATE_PROMTOOL
        " is missing: install Debian's prometheus package "
        "(scripts/bootstrap-deps does)";
    return {};
  }
  return RunCommand("cd " + ShellQuoted(directory.string()) + " && " SLOGATE_PROMTOOL " " +
                    arguments);
}

}  // namespace slogate::testing
