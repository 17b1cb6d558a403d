// Reads frames of one log sequentially, never past the durable end the committer published.
// Used only by the replicator thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "refgw/store/log_files.h"
#include "slogate/common/result.h"

namespace slogate::refgw::store {

struct LogFrame {
  LogPosition start;
  LogPosition end;  // where the next frame starts (same segment)
  std::vector<std::string> records;
};

// Thread-compatible.
class LogReader {
 public:
  LogReader(std::filesystem::path dir, std::string log_name, LogPosition start);
  ~LogReader();
  LogReader(const LogReader&) = delete;
  LogReader& operator=(const LogReader&) = delete;

  // The frame at position() when it lies before `durable_end`, nullopt when caught up. Moves
  // to the next segment at the end of a sealed one. An invalid frame in durable data is an
  // error ("corrupt_log", with file and offset) and does not advance the position.
  Result<std::optional<LogFrame>> Next(LogPosition durable_end);

  void Seek(LogPosition position);
  LogPosition position() const { return position_; }

 private:
  Status EnsureOpen();
  Status ReadAt(uint64_t offset, size_t size, std::string* out);

  std::filesystem::path dir_;
  std::string name_;
  LogPosition position_;
  int fd_ = -1;
  std::filesystem::path path_;  // of the open segment
  uint64_t open_segment_ = 0;
};

}  // namespace slogate::refgw::store
