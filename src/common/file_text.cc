#include "slogate/common/file_text.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "slogate/common/huge_pages.h"

namespace slogate {
namespace {

Error Unreadable(const std::string& name, int error_number) {
  return MakeError("unreadable_file", name + ": cannot read: " + std::strerror(error_number));
}

// Reads in large blocks; iostreams are several times slower here than the parse itself on a
// 10 MB exposition. A regular file (stdin redirected from one, too) is read in one block of its
// size: growing the buffer block by block would copy the text several times and touch about
// three times its size in fresh pages. `name` is what errors call the file.
Result<std::string> ReadWhole(std::FILE* file, const std::string& name) {
  size_t block = size_t{1} << 20;
  struct stat info {};
  if (fstat(fileno(file), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return Unreadable(name, EISDIR);
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
  if (std::ferror(file) != 0) return Unreadable(name, errno != 0 ? errno : EIO);
  text.resize(used);
  return text;
}

}  // namespace

Result<std::string> ReadFileText(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return Unreadable(path, errno);
  Result<std::string> text = ReadWhole(file, path);
  std::fclose(file);
  return text;
}

Result<std::string> ReadFileOrStdin(const std::string& path) {
  return path == "-" ? ReadWhole(stdin, "<stdin>") : ReadFileText(path);
}

}  // namespace slogate
