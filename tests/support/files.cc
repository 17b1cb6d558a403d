#include "files.h"

#include <fstream>
#include <sstream>

namespace slogate::testing {

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace slogate::testing
