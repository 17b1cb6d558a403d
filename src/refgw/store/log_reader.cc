#include "refgw/store/log_reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "refgw/store/frame.h"

namespace slogate::refgw::store {

LogReader::LogReader(std::filesystem::path dir, std::string log_name, LogPosition start)
    : dir_(std::move(dir)), name_(std::move(log_name)), position_(start) {}

LogReader::~LogReader() {
  if (fd_ >= 0) ::close(fd_);
}

void LogReader::Seek(LogPosition position) { position_ = position; }

Status LogReader::EnsureOpen() {
  if (fd_ >= 0 && open_segment_ == position_.segment) return Status::Ok();
  if (fd_ >= 0) ::close(fd_);
  path_ = SegmentPath(dir_, name_, position_.segment);
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return SystemError("log_io", "cannot open log segment", path_);
  open_segment_ = position_.segment;
  return Status::Ok();
}

Status LogReader::ReadAt(uint64_t offset, size_t size, std::string* out) {
  out->resize(size);
  size_t done = 0;
  while (done < size) {
    const ssize_t got = ::pread(fd_, out->data() + done, size - done,
                                static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      return SystemError("log_io", "cannot read", path_);
    }
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  out->resize(done);
  return Status::Ok();
}

Result<std::optional<LogFrame>> LogReader::Next(LogPosition durable_end) {
  uint64_t limit = 0;
  while (true) {
    if (position_ >= durable_end) return std::optional<LogFrame>();
    Status opened = EnsureOpen();
    if (!opened.ok()) return opened.error();
    if (position_.segment == durable_end.segment) {
      limit = durable_end.offset;
      break;
    }
    // A segment before the durable one is sealed: all of it is durable.
    struct stat info {};
    if (::fstat(fd_, &info) != 0) {
      return SystemError("log_io", "cannot stat", path_);
    }
    limit = static_cast<uint64_t>(info.st_size);
    if (position_.offset < limit) break;
    position_ = {position_.segment + 1, 0};
  }
  // Read the header, then exactly the frame it announces, never past the durable end.
  std::string bytes;
  Status read = ReadAt(position_.offset, kFrameHeaderBytes, &bytes);
  if (read.ok()) {
    const auto size = AnnouncedFrameSize(bytes);
    if (size && *size <= limit - position_.offset) read = ReadAt(position_.offset, *size, &bytes);
  }
  if (!read.ok()) return read.error();
  InspectedFrame frame = InspectFrame(bytes);
  if (frame.state != FrameState::kValid) {
    return MakeError("corrupt_log", path_.string() + ": " +
                                        frame.problem + " at offset " +
                                        std::to_string(position_.offset) +
                                        " inside durable data");
  }
  LogFrame result;
  result.start = position_;
  position_.offset += frame.size;
  result.end = position_;
  result.records.reserve(frame.records.size());
  for (std::string_view record : frame.records) result.records.emplace_back(record);
  return std::optional<LogFrame>(std::move(result));
}

}  // namespace slogate::refgw::store
