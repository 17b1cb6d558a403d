#include "refgw/store/log_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace slogate::refgw::store {

LogWriter::LogWriter(std::filesystem::path dir, std::string name, LogWriterOptions options)
    : dir_(std::move(dir)), name_(std::move(name)), options_(options) {}

LogWriter::~LogWriter() {
  if (fd_ >= 0) ::close(fd_);
}

Result<std::unique_ptr<LogWriter>> LogWriter::Open(const std::filesystem::path& dir,
                                                   std::string_view log_name,
                                                   const RecoveredLog& recovered,
                                                   LogWriterOptions options) {
  std::unique_ptr<LogWriter> writer(new LogWriter(dir, std::string(log_name), options));
  const bool fresh = recovered.segments.empty();
  const SegmentInfo last = fresh ? SegmentInfo{1, 0} : recovered.segments.back();
  Status opened = writer->OpenSegment(last.index, last.size, fresh);
  if (!opened.ok()) return opened.error();
  return writer;
}

Status LogWriter::OpenSegment(uint64_t segment, uint64_t size, bool create) {
  const std::filesystem::path path = SegmentPath(dir_, name_, segment);
  const int flags = O_WRONLY | O_CLOEXEC | (create ? O_CREAT | O_EXCL : 0);
  const int fd = ::open(path.c_str(), flags, 0644);
  if (fd < 0) return SystemError("log_io", "cannot open log segment", path);
  // The new name must be durable before any frame in it is acknowledged.
  if (create && options_.fsync) {
    Status synced = SyncDirectory(dir_);
    if (!synced.ok()) {
      ::close(fd);
      return synced;
    }
  }
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
  path_ = path;
  segment_ = segment;
  size_ = size;
  return Status::Ok();
}

Status LogWriter::WriteAll(std::string_view bytes) {
  uint64_t offset = size_;
  while (!bytes.empty()) {
    const ssize_t written = ::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) {
      if (written == 0) errno = EIO;
      return SystemError("log_io", "cannot write to", path_);
    }
    bytes.remove_prefix(static_cast<size_t>(written));
    offset += static_cast<uint64_t>(written);
  }
  if (options_.fsync) {
    if (::fdatasync(fd_) != 0) {
      return SystemError("log_io", "cannot fdatasync", path_);
    }
    ++syncs_;
  }
  return Status::Ok();
}

Status LogWriter::Append(std::string_view frame) {
  if (broken_) {
    return MakeError("log_broken", path_.string() +
                                       " could not be cut back after a failed write; "
                                       "the log takes no more appends until reopened");
  }
  if (size_ > 0 && size_ + frame.size() > options_.max_segment_bytes) {
    Status rotated = OpenSegment(segment_ + 1, 0, /*create=*/true);
    if (!rotated.ok()) return rotated;
  }
  Status written = WriteAll(frame);
  if (written.ok()) {
    size_ += frame.size();
    return written;
  }
  // After a failed write or fdatasync the tail's state is unknown; cutting it off keeps the
  // segment a clean sequence of acknowledged frames.
  if (::ftruncate(fd_, static_cast<off_t>(size_)) != 0 ||
      (options_.fsync && ::fdatasync(fd_) != 0)) {
    broken_ = true;
  }
  return written;
}

}  // namespace slogate::refgw::store
