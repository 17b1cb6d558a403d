// Files in tests.
#pragma once

#include <filesystem>
#include <string>

namespace slogate::testing {

// The whole content of `path` (bytes as they are); empty when it cannot be read.
std::string ReadFile(const std::filesystem::path& path);

}  // namespace slogate::testing
