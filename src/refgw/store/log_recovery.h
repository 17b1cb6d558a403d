// Crash recovery of one log at open: validates every frame, truncates a torn tail, and refuses
// to continue over corruption anywhere else.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

#include "slogate/common/result.h"

namespace slogate::refgw::store {

struct SegmentInfo {
  uint64_t index = 0;
  uint64_t size = 0;  // bytes of valid frames (after any truncation)
};

struct RecoveredLog {
  std::vector<SegmentInfo> segments;  // contiguous indexes, ascending; empty for a new log
  uint64_t truncated_bytes = 0;       // torn tail removed from the last segment
};

// Recovers the log `log_name` in `dir`. Segments below `first_needed` are already replicated
// and are deleted unread. In the last segment, a frame that is cut short or corrupt and is not
// followed by any valid frame is a torn write from a crash: the tail is truncated (and synced
// when `fsync`). Anything else invalid is an error with code "corrupt_log" naming the file and
// byte offset; a missing segment in the sequence is "missing_segment".
Result<RecoveredLog> RecoverLog(const std::filesystem::path& dir, std::string_view log_name,
                                uint64_t first_needed, bool fsync);

}  // namespace slogate::refgw::store
