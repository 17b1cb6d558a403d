// Reading a file whole, for every command that takes one (an exposition, a results file, a
// RunResult shard, a profile file): one place that says why a file could not be read.
#pragma once

#include <string>

#include "slogate/common/result.h"

namespace slogate {

// All of `path`. An error (code "unreadable_file") says which file and why, in the system's
// words: "results.json: cannot read: No such file or directory", "/tmp: cannot read: Is a
// directory". Memory follows the file's size: the file is the caller's own input.
Result<std::string> ReadFileText(const std::string& path);

// The same, with "-" meaning standard input (named "<stdin>" in errors): for the commands that
// read an exposition (`metrics check -`, `rules --buckets-from -`). Elsewhere "-" is a file name.
Result<std::string> ReadFileOrStdin(const std::string& path);

}  // namespace slogate
