// Every environment variable the programs read is documented, and every documented one is read.
// The suite's and the CLI's are in docs/config.md's tables, the reference gateway's (GATEWAY_*)
// in docs/refgw.md's. "Read" means named in the source in one of the ways the code reads a
// variable: config's Lookup(env, "X") and ReadCredential(env, "X"), an options table's
// .env = "X" (or `slogate run`'s {"--flag", "X", ...} rows), a suite flag's env("X"), and
// getenv("X"). A variable read any other way would escape this check: read them these ways.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;
using Names = std::set<std::string>;

const fs::path kSource = SLOGATE_SOURCE_DIR;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void Collect(const std::string& text, const std::regex& pattern, Names& into) {
  for (std::sregex_iterator it(text.begin(), text.end(), pattern), end; it != end; ++it) {
    into.insert((*it)[1].str());
  }
}

// The variables the code under `dir` reads (see the file comment for the ways).
Names ReadBy(const fs::path& dir, bool (*wanted)(const fs::path&)) {
  static const std::regex kReads[] = {
      std::regex(R"re((?:Lookup|ReadCredential)\(env, "([A-Z][A-Z0-9_]+)"\))re"),
      std::regex(R"re(\.env = "([A-Z][A-Z0-9_]+)")re"),
      std::regex(R"re(\{"--[a-z0-9-]+", "([A-Z][A-Z0-9_]+)")re"),
      std::regex(R"re(\benv\("([A-Z][A-Z0-9_]+)"\))re"),
      std::regex(R"re(getenv\("([A-Z][A-Z0-9_]+)"\))re"),
  };
  Names names;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const fs::path& path = entry.path();
    if (!entry.is_regular_file() || !wanted(path)) continue;
    if (path.extension() != ".cc" && path.extension() != ".h") continue;
    const std::string text = ReadAll(path);
    for (const std::regex& pattern : kReads) Collect(text, pattern, names);
  }
  return names;
}

bool InRefgw(const fs::path& path) {
  return path.string().find("/src/refgw/") != std::string::npos;
}
bool NotInRefgw(const fs::path& path) { return !InRefgw(path); }

// The variables a doc lists: every `NAME` in the given column of its table rows ("| `A`, `B` |"
// lists two), of the rows between `from` and the next heading of the same level.
Names Documented(const fs::path& doc, const std::string& from, int column) {
  const std::string text = ReadAll(doc);
  const size_t begin = text.find(from);
  EXPECT_NE(begin, std::string::npos) << doc << " has no \"" << from << "\"";
  if (begin == std::string::npos) return {};
  const std::string level = from.substr(0, from.find(' ') + 1);
  size_t end = text.find("\n" + level, begin + from.size());
  if (end == std::string::npos) end = text.size();
  std::istringstream lines(text.substr(begin, end - begin));
  static const std::regex kName(R"re(`([A-Z][A-Z0-9_]+)`)re");
  Names names;
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("| ")) continue;
    size_t cell = 0;
    for (int i = 0; i < column && cell != std::string::npos; ++i) cell = line.find(" | ", cell + 1);
    if (cell == std::string::npos) continue;
    const size_t cell_end = line.find(" | ", cell + 1);
    Collect(line.substr(cell, cell_end - cell), kName, names);
  }
  return names;
}

Names Minus(const Names& a, const Names& b) {
  Names out;
  for (const std::string& name : a) {
    if (!b.contains(name)) out.insert(name);
  }
  return out;
}

TEST(DocumentedVariablesTest, EveryVariableTheSuiteAndCliReadIsInConfigMd) {
  const Names read = ReadBy(kSource / "src", NotInRefgw);
  // The first column of docs/config.md's variable tables, under "## Environment variables".
  const Names documented = Documented(kSource / "docs/config.md", "## Environment variables", 0);
  // The sanity of the scan itself: a few it must find, so a changed pattern cannot pass empty.
  for (const char* known : {"TARGET_URL", "PROMETHEUS_PASSWORD", "SLO_HTML", "SLOGATE_LOG"}) {
    EXPECT_TRUE(read.contains(known)) << known << " was not found read in src/";
  }
  EXPECT_THAT(Minus(read, documented), ::testing::IsEmpty())
      << "read in src/ but not in docs/config.md's tables";
  EXPECT_THAT(Minus(documented, read), ::testing::IsEmpty())
      << "in docs/config.md's tables but read nowhere in src/";
}

TEST(DocumentedVariablesTest, EveryVariableTheGatewayReadsIsInRefgwMd) {
  const Names read = ReadBy(kSource / "src", InRefgw);
  // The second column ("variable") of docs/refgw.md's flag table.
  const Names documented = Documented(kSource / "docs/refgw.md", "## Flags and environment", 1);
  for (const char* known : {"GATEWAY_FAULTS", "GATEWAY_JWT_SECRET"}) {
    EXPECT_TRUE(read.contains(known)) << known << " was not found read in src/refgw/";
  }
  EXPECT_THAT(Minus(read, documented), ::testing::IsEmpty())
      << "read in src/refgw/ but not in docs/refgw.md's table";
  EXPECT_THAT(Minus(documented, read), ::testing::IsEmpty())
      << "in docs/refgw.md's table but read nowhere in src/refgw/";
}

}  // namespace
