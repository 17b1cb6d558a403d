// Reading an input file or stdin whole, for the commands that take an exposition (`metrics
// check`, `rules --buckets-from FILE`).
#pragma once

#include <optional>
#include <string>

namespace slogate::cli {

// All of `path` ("-" for stdin); nullopt when it cannot be opened or read.
std::optional<std::string> ReadInput(const std::string& path);

}  // namespace slogate::cli
