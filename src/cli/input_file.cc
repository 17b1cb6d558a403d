#include "input_file.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>

#include "slogate/common/huge_pages.h"

namespace slogate::cli {

// Reads all of `path` ("-" for stdin) in large blocks; iostreams are several times slower here
// than the parse itself on a 10 MB exposition. A regular file (stdin redirected from one, too)
// is read in one block of its size: growing the buffer block by block would copy the text
// several times and touch about three times its size in fresh pages.
std::optional<std::string> ReadInput(const std::string& path) {
  std::FILE* file = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (file == nullptr) return std::nullopt;
  size_t block = size_t{1} << 20;
  struct stat info {};
  if (fstat(fileno(file), &info) == 0 && S_ISREG(info.st_mode)) {
    // One more byte than the file holds, so that the first read already reaches the end.
    block = std::max(block, static_cast<size_t>(info.st_size) + 1);
  }
  std::string text;
  text.reserve(block);
  AdviseHugePages(text.data(), block);
  size_t used = 0;
  while (true) {
    text.resize(used + block);
    const size_t got = std::fread(text.data() + used, 1, block, file);
    used += got;
    if (got < block) break;
  }
  const bool failed = std::ferror(file) != 0;
  if (file != stdin) std::fclose(file);
  if (failed) return std::nullopt;
  text.resize(used);
  return text;
}

}  // namespace slogate::cli
