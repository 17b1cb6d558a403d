#include "refgw/store/log_writer.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <csignal>
#include <fstream>
#include <string>

#include "refgw/store/frame.h"
#include "refgw/store/log_reader.h"
#include "test_support.h"

namespace slogate::refgw::store {
namespace {

using testing::FrameOf;

std::unique_ptr<LogWriter> OpenWriter(const std::filesystem::path& dir, uint64_t max_bytes) {
  auto recovered = RecoverLog(dir, "wal", 0, true);
  EXPECT_TRUE(recovered.ok());
  auto writer = LogWriter::Open(dir, "wal", *recovered, {max_bytes, true});
  EXPECT_TRUE(writer.ok()) << writer.error().message;
  return std::move(*writer);
}

// Reads every frame up to `end` and returns their first records in order.
std::vector<std::string> ReadAll(LogReader& reader, LogPosition end) {
  std::vector<std::string> records;
  while (true) {
    auto frame = reader.Next(end);
    EXPECT_TRUE(frame.ok()) << frame.error().message;
    if (!frame.ok() || !frame->has_value()) return records;
    records.push_back((*frame)->records.at(0));
  }
}

TEST(LogWriterTest, AppendsDurablyAndCountsSyncs) {
  testing::TempDir dir;
  auto writer = OpenWriter(dir.path(), 1 << 20);
  ASSERT_TRUE(writer->Append(FrameOf("a")).ok());
  ASSERT_TRUE(writer->Append(FrameOf("b")).ok());
  EXPECT_EQ(writer->syncs(), 2u);
  EXPECT_EQ(writer->end(), (LogPosition{1, 2 * FrameOf("a").size()}));
  EXPECT_EQ(std::filesystem::file_size(SegmentPath(dir.path(), "wal", 1)), writer->end().offset);
}

TEST(LogWriterTest, RotatesPastTheSegmentBoundAndTheReaderFollows) {
  testing::TempDir dir;
  const uint64_t frame_size = FrameOf("record-0").size();
  auto writer = OpenWriter(dir.path(), 2 * frame_size);
  std::vector<std::string> written;
  for (int i = 0; i < 5; ++i) {
    written.push_back("record-" + std::to_string(i));
    ASSERT_TRUE(writer->Append(FrameOf(written.back())).ok());
  }
  EXPECT_EQ(writer->end(), (LogPosition{3, frame_size}));
  LogReader reader(dir.path(), "wal", {1, 0});
  EXPECT_EQ(ReadAll(reader, writer->end()), written);
  EXPECT_EQ(reader.position(), writer->end());
}

TEST(LogWriterTest, ContinuesARecoveredLog) {
  testing::TempDir dir;
  ASSERT_TRUE(OpenWriter(dir.path(), 1 << 20)->Append(FrameOf("before restart")).ok());
  auto writer = OpenWriter(dir.path(), 1 << 20);
  ASSERT_TRUE(writer->Append(FrameOf("after restart")).ok());
  LogReader reader(dir.path(), "wal", {1, 0});
  EXPECT_EQ(ReadAll(reader, writer->end()),
            (std::vector<std::string>{"before restart", "after restart"}));
}

TEST(LogReaderTest, NeverReadsPastTheDurableEnd) {
  testing::TempDir dir;
  auto writer = OpenWriter(dir.path(), 1 << 20);
  ASSERT_TRUE(writer->Append(FrameOf("one")).ok());
  const LogPosition after_one = writer->end();
  ASSERT_TRUE(writer->Append(FrameOf("two")).ok());
  LogReader reader(dir.path(), "wal", {1, 0});
  EXPECT_EQ(ReadAll(reader, after_one), std::vector<std::string>{"one"});
  EXPECT_EQ(ReadAll(reader, writer->end()), std::vector<std::string>{"two"});
}

TEST(LogReaderTest, ReportsCorruptDurableDataWithItsOffsetAndStays) {
  testing::TempDir dir;
  auto writer = OpenWriter(dir.path(), 1 << 20);
  ASSERT_TRUE(writer->Append(FrameOf("one")).ok());
  ASSERT_TRUE(writer->Append(FrameOf("two")).ok());
  const uint64_t second = FrameOf("one").size();
  {
    std::fstream file(SegmentPath(dir.path(), "wal", 1),
                      std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(second + kFrameHeaderBytes + 4));
    file.put('X');
  }
  LogReader reader(dir.path(), "wal", {1, second});
  auto frame = reader.Next(writer->end());
  ASSERT_FALSE(frame.ok());
  EXPECT_EQ(frame.error().code, "corrupt_log");
  EXPECT_NE(frame.error().message.find("at offset " + std::to_string(second)),
            std::string::npos)
      << frame.error().message;
  EXPECT_EQ(reader.position(), (LogPosition{1, second}));
}

// A real I/O failure: the file size limit makes the write fail part-way (EFBIG).
TEST(LogWriterTest, CutsAFailedWriteBackSoNothingTornRemains) {
  testing::TempDir dir;
  auto writer = OpenWriter(dir.path(), 1 << 20);
  ASSERT_TRUE(writer->Append(FrameOf("kept")).ok());
  const LogPosition before = writer->end();
  const std::string big = FrameOf(std::string(4096, 'x'));

  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  const auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limited = saved;
  limited.rlim_cur = before.offset + 100;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limited), 0);
  Status status = writer->Append(big);
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &saved), 0);
  std::signal(SIGXFSZ, previous_handler);

  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "log_io");
  EXPECT_EQ(writer->end(), before);
  EXPECT_EQ(std::filesystem::file_size(SegmentPath(dir.path(), "wal", 1)), before.offset);
  ASSERT_TRUE(writer->Append(FrameOf("after the failure")).ok());
  LogReader reader(dir.path(), "wal", {1, 0});
  EXPECT_EQ(ReadAll(reader, writer->end()),
            (std::vector<std::string>{"kept", "after the failure"}));
}

}  // namespace
}  // namespace slogate::refgw::store
