// What the `slogate rules` tests share: a scratch directory, running the command from the
// source tree with only the variables a test sets, and promtool.
#pragma once

#include <filesystem>
#include <string>

#include "command.h"

namespace slogate::testing {

// A fresh directory under the system's temporary one, removed with its contents at the end.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// `slogate rules ARGUMENTS` from the source tree (where the default profile file is), with
// SLO_ENV and SLO_PROFILES unset.
CommandResult RunRules(const std::string& arguments);

// promtool ARGUMENTS run in `directory`; fails the test (with what to install) when promtool
// is missing.
CommandResult RunPromtool(const std::filesystem::path& directory, const std::string& arguments);

}  // namespace slogate::testing
