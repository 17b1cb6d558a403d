#include "slogate/common/file_text.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace slogate {
namespace {

namespace fs = std::filesystem;

class FileTextTest : public ::testing::Test {
 protected:
  // A directory per test: ctest runs the tests of this file side by side, and one's TearDown
  // must not remove another's files.
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("file_text_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(FileTextTest, ReadsEveryByteOfAFile) {
  std::string bytes(3 << 20, 'x');  // past one read block
  bytes[17] = '\0';
  bytes.back() = '\n';
  std::ofstream(dir_ / "big", std::ios::binary) << bytes;
  Result<std::string> text = ReadFileText((dir_ / "big").string());
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(*text, bytes);
}

TEST_F(FileTextTest, AnEmptyFileIsEmptyText) {
  std::ofstream(dir_ / "empty").close();
  Result<std::string> text = ReadFileText((dir_ / "empty").string());
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(*text, "");
}

TEST_F(FileTextTest, AMissingFileIsNamedWithTheSystemsReason) {
  const std::string path = (dir_ / "absent.json").string();
  Result<std::string> text = ReadFileText(path);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code, "unreadable_file");
  EXPECT_EQ(text.error().message, path + ": cannot read: No such file or directory");
}

TEST_F(FileTextTest, ADirectoryIsNamedAsOne) {
  Result<std::string> text = ReadFileText(dir_.string());
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().message, dir_.string() + ": cannot read: Is a directory");
}

// Only the commands that say so read stdin for "-"; everywhere else it is a file's name.
TEST_F(FileTextTest, ADashIsAFileNameUnlessStdinIsAskedFor) {
  const fs::path dash = dir_ / "-";
  std::ofstream(dash) << "from the file";
  const fs::path previous = fs::current_path();
  fs::current_path(dir_);
  Result<std::string> text = ReadFileText("-");
  fs::current_path(previous);
  ASSERT_TRUE(text.ok()) << text.error().message;
  EXPECT_EQ(*text, "from the file");
}

}  // namespace
}  // namespace slogate
