// Appends frames to one log (WAL or outbox), one write plus one fdatasync per frame, rotating
// to a new segment past a size bound. Used only by the committer thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "refgw/store/log_files.h"
#include "refgw/store/log_recovery.h"
#include "slogate/common/result.h"

namespace slogate::refgw::store {

struct LogWriterOptions {
  uint64_t max_segment_bytes = 64ull << 20;
  bool fsync = true;
};

// Thread-compatible: one thread appends; end() may be read by that thread only (the committer
// publishes it to others through LogProgress).
class LogWriter {
 public:
  // Continues `recovered` (creating segment 1 for a new log). `dir` must exist.
  static Result<std::unique_ptr<LogWriter>> Open(const std::filesystem::path& dir,
                                                 std::string_view log_name,
                                                 const RecoveredLog& recovered,
                                                 LogWriterOptions options);
  ~LogWriter();
  LogWriter(const LogWriter&) = delete;
  LogWriter& operator=(const LogWriter&) = delete;

  // Writes `frame` and makes it durable. On failure the segment is cut back to its previous
  // end, so a failed append leaves nothing a reader or recovery could see; when even that
  // fails the writer is broken and fails every later append (the next open's recovery then
  // drops the unsynced tail).
  Status Append(std::string_view frame);

  // End of the durable frames.
  LogPosition end() const { return {segment_, size_}; }
  uint64_t syncs() const { return syncs_; }

 private:
  LogWriter(std::filesystem::path dir, std::string name, LogWriterOptions options);
  Status OpenSegment(uint64_t segment, uint64_t size, bool create);
  Status WriteAll(std::string_view bytes);

  std::filesystem::path dir_;
  std::string name_;
  LogWriterOptions options_;
  int fd_ = -1;
  std::filesystem::path path_;  // of the open segment; kept so errors can name it cheaply
  uint64_t segment_ = 0;
  uint64_t size_ = 0;
  uint64_t syncs_ = 0;
  bool broken_ = false;
};

}  // namespace slogate::refgw::store
