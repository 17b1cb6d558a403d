#include "refgw/store/frame.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace slogate::refgw::store {
namespace {

std::string FrameOf(const std::vector<std::string_view>& records) {
  std::string frame;
  AppendFrame(records, &frame);
  return frame;
}

TEST(FrameTest, RoundTripsRecords) {
  const std::string frame = FrameOf({"one", "", std::string_view("t\0o", 3)});
  const InspectedFrame inspected = InspectFrame(frame);
  ASSERT_EQ(inspected.state, FrameState::kValid) << inspected.problem;
  EXPECT_EQ(inspected.size, frame.size());
  ASSERT_EQ(inspected.records.size(), 3u);
  EXPECT_EQ(inspected.records[0], "one");
  EXPECT_EQ(inspected.records[1], "");
  EXPECT_EQ(inspected.records[2], std::string_view("t\0o", 3));
}

TEST(FrameTest, ReadsConsecutiveFrames) {
  const std::string bytes = FrameOf({"a"}) + FrameOf({"bb", "cc"});
  const InspectedFrame first = InspectFrame(bytes);
  ASSERT_EQ(first.state, FrameState::kValid);
  const InspectedFrame second = InspectFrame(std::string_view(bytes).substr(first.size));
  ASSERT_EQ(second.state, FrameState::kValid);
  EXPECT_EQ(second.records.size(), 2u);
  EXPECT_EQ(first.size + second.size, bytes.size());
}

TEST(FrameTest, AnnouncesItsSizeFromTheHeader) {
  const std::string frame = FrameOf({"abc"});
  EXPECT_EQ(AnnouncedFrameSize(frame.substr(0, kFrameHeaderBytes)), frame.size());
  EXPECT_FALSE(AnnouncedFrameSize(frame.substr(0, kFrameHeaderBytes - 1)).has_value());
  EXPECT_FALSE(AnnouncedFrameSize(std::string(kFrameHeaderBytes, 'x')).has_value());
}

TEST(FrameTest, EveryPrefixIsIncomplete) {
  const std::string frame = FrameOf({"abc", "defgh"});
  for (size_t size = 0; size < frame.size(); ++size) {
    const InspectedFrame inspected = InspectFrame(std::string_view(frame).substr(0, size));
    EXPECT_EQ(inspected.state, FrameState::kIncomplete) << size;
    EXPECT_NE(inspected.problem.find("cut short"), std::string::npos) << inspected.problem;
  }
}

struct Damage {
  std::string name;
  size_t byte;  // offset of the byte whose bit 2 is flipped
  std::string problem;
};

class FrameDamageTest : public ::testing::TestWithParam<Damage> {};

TEST_P(FrameDamageTest, IsReportedAsCorrupt) {
  std::string frame = FrameOf({"abc", "defgh"});
  frame[GetParam().byte] = static_cast<char>(frame[GetParam().byte] ^ 0x04);
  const InspectedFrame inspected = InspectFrame(frame);
  EXPECT_EQ(inspected.state, FrameState::kCorrupt);
  EXPECT_NE(inspected.problem.find(GetParam().problem), std::string::npos) << inspected.problem;
}

INSTANTIATE_TEST_SUITE_P(
    Bytes, FrameDamageTest,
    ::testing::Values(Damage{"Magic", 0, "bad frame magic"},
                      Damage{"Length", 4, "checksum mismatch"},
                      Damage{"Checksum", 8, "checksum mismatch"},
                      Damage{"RecordCount", 12, "checksum mismatch"},
                      Damage{"RecordBytes", 18, "checksum mismatch"}),
    [](const ::testing::TestParamInfo<Damage>& param_info) { return param_info.param.name; });

TEST(FrameTest, RejectsAnImpossibleLength) {
  std::string frame = FrameOf({"abc"});
  frame[7] = '\x7F';  // length above the maximum
  const InspectedFrame inspected = InspectFrame(frame);
  EXPECT_EQ(inspected.state, FrameState::kCorrupt);
  EXPECT_NE(inspected.problem.find("impossible frame length"), std::string::npos);
}

}  // namespace
}  // namespace slogate::refgw::store
