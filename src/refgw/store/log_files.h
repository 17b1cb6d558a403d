// Naming and bookkeeping of log segments. A log (the WAL or the outbox) is a sequence of
// numbered segment files "<name>-<index>.log" in the data directory, written in order.
#pragma once

#include <compare>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/common/result.h"

namespace slogate::refgw::store {

// A byte position in a log: a segment index and an offset inside that segment.
struct LogPosition {
  uint64_t segment = 0;
  uint64_t offset = 0;
  auto operator<=>(const LogPosition&) const = default;
};

// How far the replicator got: the frame it is in and how many of its records are applied.
// {frame_end, 0} once a frame is complete.
struct LogCursor {
  LogPosition frame;
  uint64_t records_applied = 0;
  auto operator<=>(const LogCursor&) const = default;
};

std::filesystem::path SegmentPath(const std::filesystem::path& dir, std::string_view log_name,
                                  uint64_t segment);

// Indexes of the log's segments in `dir`, ascending. Other files are ignored.
Result<std::vector<uint64_t>> ListSegments(const std::filesystem::path& dir,
                                           std::string_view log_name);

// Removes the log's segments with an index below `segment` (already replicated).
Status DeleteSegmentsBefore(const std::filesystem::path& dir, std::string_view log_name,
                            uint64_t segment);

// fsyncs a directory so that a file created or renamed in it survives a crash.
Status SyncDirectory(const std::filesystem::path& dir);

// "<what> <path>: <strerror(errno)>" for system call failures.
Error SystemError(std::string code, std::string_view what, const std::filesystem::path& path);

}  // namespace slogate::refgw::store
