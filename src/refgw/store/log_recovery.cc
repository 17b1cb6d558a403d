#include "refgw/store/log_recovery.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <optional>
#include <string>
#include <system_error>

#include "refgw/store/frame.h"
#include "refgw/store/log_files.h"
#include "slogate/common/log.h"

namespace slogate::refgw::store {
namespace {

Result<std::string> ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError("log_io", "cannot open " + path.string() + " for recovery");
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return MakeError("log_io", "cannot read " + path.string() + " for recovery");
  return bytes;
}

// The offset of the first valid frame after `from`, if any. Frames start with the magic, so
// only those positions are inspected.
std::optional<size_t> FindValidFrameAfter(std::string_view bytes, size_t from) {
  const char magic[4] = {static_cast<char>(kFrameMagic & 0xFFu),
                         static_cast<char>((kFrameMagic >> 8) & 0xFFu),
                         static_cast<char>((kFrameMagic >> 16) & 0xFFu),
                         static_cast<char>((kFrameMagic >> 24) & 0xFFu)};
  const std::string_view needle(magic, sizeof(magic));
  for (size_t at = bytes.find(needle, from + 1); at != std::string_view::npos;
       at = bytes.find(needle, at + 1)) {
    if (InspectFrame(bytes.substr(at)).state == FrameState::kValid) return at;
  }
  return std::nullopt;
}

Status Truncate(const std::filesystem::path& path, uint64_t size, bool fsync) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return SystemError("log_io", "cannot open for truncation", path);
  Status status;
  if (::ftruncate(fd, static_cast<off_t>(size)) != 0) {
    status = SystemError("log_io", "cannot truncate torn tail of", path);
  } else if (fsync && ::fdatasync(fd) != 0) {
    status = SystemError("log_io", "cannot sync truncation of", path);
  }
  ::close(fd);
  return status;
}

// Validates one segment; returns the size of its valid prefix, truncating a torn tail when it
// is the last segment.
Result<uint64_t> RecoverSegment(const std::filesystem::path& path, bool is_last, bool fsync) {
  auto bytes = ReadWholeFile(path);
  if (!bytes.ok()) return bytes.error();
  const std::string_view all(*bytes);
  size_t offset = 0;
  while (offset < all.size()) {
    const InspectedFrame frame = InspectFrame(all.substr(offset));
    if (frame.state == FrameState::kValid) {
      offset += frame.size;
      continue;
    }
    const std::string where = path.string() + ": " + frame.problem + " at offset " +
                              std::to_string(offset);
    if (!is_last) {
      return MakeError("corrupt_log", where + " in a sealed segment (file size " +
                                          std::to_string(all.size()) +
                                          "); refusing to open: restore the file from a backup");
    }
    if (const auto next = FindValidFrameAfter(all, offset)) {
      return MakeError("corrupt_log", where + ", followed by a valid frame at offset " +
                                          std::to_string(*next) +
                                          "; this is not a torn tail, refusing to open");
    }
    log::Warn("recovery: " + where + "; truncating the torn tail of " +
              std::to_string(all.size() - offset) + " bytes (never acknowledged)");
    Status truncated = Truncate(path, offset, fsync);
    if (!truncated.ok()) return truncated.error();
    return static_cast<uint64_t>(offset);
  }
  return static_cast<uint64_t>(all.size());
}

}  // namespace

Result<RecoveredLog> RecoverLog(const std::filesystem::path& dir, std::string_view log_name,
                                uint64_t first_needed, bool fsync) {
  Status deleted = DeleteSegmentsBefore(dir, log_name, first_needed);
  if (!deleted.ok()) return deleted.error();
  auto indexes = ListSegments(dir, log_name);
  if (!indexes.ok()) return indexes.error();
  RecoveredLog recovered;
  for (size_t i = 0; i < indexes->size(); ++i) {
    const uint64_t index = (*indexes)[i];
    if (i > 0 && index != (*indexes)[i - 1] + 1) {
      return MakeError("missing_segment",
                       SegmentPath(dir, log_name, (*indexes)[i - 1] + 1).string() +
                           " is missing between two existing segments; refusing to open");
    }
    const std::filesystem::path path = SegmentPath(dir, log_name, index);
    const bool is_last = i + 1 == indexes->size();
    std::error_code error;
    const uint64_t before = std::filesystem::file_size(path, error);
    if (error) return MakeError("log_io", "cannot stat " + path.string() + ": " + error.message());
    auto size = RecoverSegment(path, is_last, fsync);
    if (!size.ok()) return size.error();
    recovered.truncated_bytes += before - *size;
    recovered.segments.push_back({index, *size});
  }
  return recovered;
}

}  // namespace slogate::refgw::store
