#include "slogate/common/file_text.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "slogate/common/huge_pages.h"

namespace slogate {
namespace {

Error Unreadable(const std::string& path, int error_number) {
  return MakeError("unreadable_file", (path == "-" ? std::string("<stdin>") : path) +
                                          ": cannot read: " + std::strerror(error_number));
}

}  // namespace

// Reads in large blocks; iostreams are several times slower here than the parse itself on a
// 10 MB exposition. A regular file (stdin redirected from one, too) is read in one block of its
// size: growing the buffer block by block would copy the text several times and touch about
// three times its size in fresh pages.
Result<std::string> ReadFileText(const std::string& path) {
  std::FILE* file = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (file == nullptr) return Unreadable(path, errno);
  size_t block = size_t{1} << 20;
  struct stat info {};
  if (fstat(fileno(file), &info) == 0) {
    if (S_ISDIR(info.st_mode)) {
      if (file != stdin) std::fclose(file);
      return Unreadable(path, EISDIR);
    }
    // One more byte than the file holds, so that the first read already reaches the end.
    if (S_ISREG(info.st_mode)) block = std::max(block, static_cast<size_t>(info.st_size) + 1);
  }
  std::string text;
  text.reserve(block);
  AdviseHugePages(text.data(), block);
  size_t used = 0;
  errno = 0;
  while (true) {
    text.resize(used + block);
    const size_t got = std::fread(text.data() + used, 1, block, file);
    used += got;
    if (got < block) break;
  }
  const int read_error = std::ferror(file) != 0 ? (errno != 0 ? errno : EIO) : 0;
  if (file != stdin) std::fclose(file);
  if (read_error != 0) return Unreadable(path, read_error);
  text.resize(used);
  return text;
}

}  // namespace slogate
