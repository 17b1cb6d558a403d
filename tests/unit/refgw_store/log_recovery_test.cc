#include "refgw/store/log_recovery.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "refgw/store/frame.h"
#include "refgw/store/log_files.h"
#include "test_support.h"

namespace slogate::refgw::store {
namespace {

using testing::FrameOf;

void WriteFile(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

class LogRecoveryTest : public ::testing::Test {
 protected:
  std::filesystem::path Segment(uint64_t index) { return SegmentPath(dir_.path(), "wal", index); }
  testing::TempDir dir_;
  const std::string good_ = FrameOf("first") + FrameOf("second");
};

TEST_F(LogRecoveryTest, NewLogHasNoSegments) {
  auto recovered = RecoverLog(dir_.path(), "wal", 0, true);
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  EXPECT_TRUE(recovered->segments.empty());
}

TEST_F(LogRecoveryTest, KeepsACleanLogIntact) {
  WriteFile(Segment(1), good_);
  auto recovered = RecoverLog(dir_.path(), "wal", 0, true);
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  ASSERT_EQ(recovered->segments.size(), 1u);
  EXPECT_EQ(recovered->segments[0].size, good_.size());
  EXPECT_EQ(recovered->truncated_bytes, 0u);
}

struct TornTail {
  std::string name;
  std::string tail;
};

class TornTailTest : public LogRecoveryTest, public ::testing::WithParamInterface<TornTail> {};

TEST_P(TornTailTest, IsTruncatedAndNeverReplayed) {
  WriteFile(Segment(1), good_ + GetParam().tail);
  auto recovered = RecoverLog(dir_.path(), "wal", 0, true);
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  ASSERT_EQ(recovered->segments.size(), 1u);
  EXPECT_EQ(recovered->segments[0].size, good_.size());
  EXPECT_EQ(recovered->truncated_bytes, GetParam().tail.size());
  EXPECT_EQ(ReadFile(Segment(1)), good_);
}

const std::string kThird = FrameOf("third record");

INSTANTIATE_TEST_SUITE_P(
    Tails, TornTailTest,
    ::testing::Values(TornTail{"HalfHeader", kThird.substr(0, 5)},
                      TornTail{"HeaderOnly", kThird.substr(0, kFrameHeaderBytes)},
                      TornTail{"HalfPayload", kThird.substr(0, kThird.size() - 3)},
                      TornTail{"ZeroFilled", std::string(4096, '\0')},
                      TornTail{"Garbage", std::string("\x01\x02garbage bytes\xFF", 17)},
                      TornTail{"CorruptLastFrame",
                               kThird.substr(0, kThird.size() - 1) + "\x01"}),
    [](const ::testing::TestParamInfo<TornTail>& param_info) { return param_info.param.name; });

TEST_F(LogRecoveryTest, CorruptionFollowedByValidDataIsAnErrorWithItsOffset) {
  std::string bytes = good_ + FrameOf("third");
  const size_t second_frame = FrameOf("first").size();
  bytes[second_frame + kFrameHeaderBytes + 5] ^= 0x20;  // inside the second frame's payload
  WriteFile(Segment(1), bytes);
  auto recovered = RecoverLog(dir_.path(), "wal", 0, true);
  ASSERT_FALSE(recovered.ok());
  EXPECT_EQ(recovered.error().code, "corrupt_log");
  const std::string& message = recovered.error().message;
  EXPECT_NE(message.find(Segment(1).string()), std::string::npos) << message;
  EXPECT_NE(message.find("checksum mismatch at offset " + std::to_string(second_frame)),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("followed by a valid frame at offset " +
                         std::to_string(good_.size())),
            std::string::npos)
      << message;
  EXPECT_EQ(ReadFile(Segment(1)), bytes) << "an unrecoverable log must not be modified";
}

TEST_F(LogRecoveryTest, AnyDamageInASealedSegmentIsAnError) {
  WriteFile(Segment(1), good_ + "torn");
  WriteFile(Segment(2), good_);
  auto recovered = RecoverLog(dir_.path(), "wal", 0, true);
  ASSERT_FALSE(recovered.ok());
  EXPECT_EQ(recovered.error().code, "corrupt_log");
  EXPECT_NE(recovered.error().message.find("sealed segment"), std::string::npos);
  EXPECT_NE(recovered.error().message.find("offset " + std::to_string(good_.size())),
            std::string::npos);
}

TEST_F(LogRecoveryTest, AGapInTheSegmentSequenceIsAnError) {
  WriteFile(Segment(1), good_);
  WriteFile(Segment(3), good_);
  auto recovered = RecoverLog(dir_.path(), "wal", 0, true);
  ASSERT_FALSE(recovered.ok());
  EXPECT_EQ(recovered.error().code, "missing_segment");
  EXPECT_NE(recovered.error().message.find(Segment(2).string()), std::string::npos);
}

TEST_F(LogRecoveryTest, DeletesSegmentsBeforeTheFirstNeeded) {
  WriteFile(Segment(1), "already replicated, never read");
  WriteFile(Segment(2), good_);
  WriteFile(Segment(3), good_);
  auto recovered = RecoverLog(dir_.path(), "wal", 2, true);
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  ASSERT_EQ(recovered->segments.size(), 2u);
  EXPECT_EQ(recovered->segments[0].index, 2u);
  EXPECT_FALSE(std::filesystem::exists(Segment(1)));
}

TEST_F(LogRecoveryTest, IgnoresOtherLogsAndFiles) {
  WriteFile(Segment(1), good_);
  WriteFile(SegmentPath(dir_.path(), "outbox", 1), "not a wal segment");
  WriteFile(dir_.path() / "wal-notanumber.log", "x");
  auto recovered = RecoverLog(dir_.path(), "wal", 0, true);
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  EXPECT_EQ(recovered->segments.size(), 1u);
}

}  // namespace
}  // namespace slogate::refgw::store
