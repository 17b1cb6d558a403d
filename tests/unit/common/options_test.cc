#include "slogate/common/options.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace slogate::options {
namespace {

EnvLookup Env(std::map<std::string, std::string> values) {
  return [values = std::move(values)](std::string_view name) -> std::optional<std::string> {
    const auto found = values.find(std::string(name));
    if (found == values.end()) return std::nullopt;
    return found->second;
  };
}

// A small program: a value with a variable, a switch, a boolean, a repeatable list and a
// secret that only the environment may set.
struct Program {
  std::string name = "anon";
  bool quiet = false;
  bool fsync = true;
  std::vector<std::string> tags;
  std::string token;
  std::string output;

  CommandSpec Spec(bool positionals = false) {
    CommandSpec spec{.program = "demo run",
                     .synopsis = "[options]",
                     .description = "Does nothing, politely.\n",
                     .options = {}};
    spec.takes_positionals = positionals;
    spec.options = {
        {.flag = "--name", .env = "DEMO_NAME", .value_name = "NAME", .help = "who (anon)",
         .set = [this](std::string_view v) -> Status {
           if (v == "bad") return MakeError("x", "expected a name, got \"" + std::string(v) + "\"");
           name = v;
           return Status::Ok();
         }},
        {.flag = "--quiet", .kind = Kind::kSwitch, .help = "say less",
         .set = [this](std::string_view) { quiet = true; return Status::Ok(); }},
        {.flag = "--fsync", .env = "DEMO_FSYNC", .kind = Kind::kBoolean, .help = "sync (true)",
         .set = [this](std::string_view v) -> Status {
           Result<bool> value = ParseBool(v);
           if (!value) return value.error();
           fsync = *value;
           return Status::Ok();
         }},
        {.flag = "--tag", .value_name = "TAG", .help = "a tag (repeatable)",
         .set = [this](std::string_view v) { tags.emplace_back(v); return Status::Ok(); }},
        {.flag = "--token", .env = "DEMO_TOKEN", .value_name = "TOKEN", .help = "never printed",
         .set = [this](std::string_view v) -> Status {
           if (v.find(' ') != v.npos) return MakeError("x", "\"" + std::string(v) + "\" has a space");
           token = v;
           return Status::Ok();
         },
         .secret = true, .env_only = true},
        {.flag = "--output", .value_name = "FILE", .help = "where",
         .set = [this](std::string_view v) { output = v; return Status::Ok(); }, .alias = "-o"},
    };
    return spec;
  }
};

Result<Parsed> ParseWith(Program& program, std::vector<std::string_view> args,
                         std::map<std::string, std::string> env = {}, bool positionals = false) {
  return Parse(program.Spec(positionals), std::span<const std::string_view>(args),
               Env(std::move(env)));
}

TEST(OptionsTest, FlagsWinOverVariablesInBothSpellings) {
  Program program;
  auto parsed = ParseWith(program, {"--name=ann"}, {{"DEMO_NAME", "bob"}});
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(program.name, "ann");
  Program spaced;
  ASSERT_TRUE(ParseWith(spaced, {"--name", "cy"}, {{"DEMO_NAME", "bob"}}).ok());
  EXPECT_EQ(spaced.name, "cy");
  Program from_env;
  ASSERT_TRUE(ParseWith(from_env, {}, {{"DEMO_NAME", "bob"}}).ok());
  EXPECT_EQ(from_env.name, "bob");
}

TEST(OptionsTest, EmptyVariableCountsAsUnset) {
  Program program;
  ASSERT_TRUE(ParseWith(program, {}, {{"DEMO_NAME", ""}, {"DEMO_FSYNC", ""}}).ok());
  EXPECT_EQ(program.name, "anon");
  EXPECT_TRUE(program.fsync);
}

TEST(OptionsTest, SwitchesBooleansAndRepeatableFlags) {
  Program program;
  auto parsed = ParseWith(program, {"--quiet", "--no-fsync", "--tag", "a", "--tag=b", "-o", "f"});
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_TRUE(program.quiet);
  EXPECT_FALSE(program.fsync);
  EXPECT_EQ(program.tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(program.output, "f");
  Program explicit_bool;
  ASSERT_TRUE(ParseWith(explicit_bool, {"--fsync=off"}, {{"DEMO_FSYNC", "yes"}}).ok());
  EXPECT_FALSE(explicit_bool.fsync);
}

TEST(OptionsTest, HelpAndVersionStopBeforeAnyValueIsChecked) {
  Program program;
  auto help = ParseWith(program, {"--name", "bad", "--help"}, {{"DEMO_NAME", "bad"}});
  ASSERT_TRUE(help.ok());
  EXPECT_EQ(help->outcome, Outcome::kHelp);
  auto version = ParseWith(program, {"--nonsense", "--version"});
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(version->outcome, Outcome::kVersion);
  EXPECT_EQ(program.name, "anon");
}

TEST(OptionsTest, VersionLineNamesTheBinaryAndTheProjectVersion) {
  Program program;
  EXPECT_EQ(VersionLine(program.Spec().program), "demo " + std::string(ProjectVersion()));
  EXPECT_FALSE(ProjectVersion().empty());
}

TEST(OptionsTest, UnknownFlagSuggestsTheClosestOne) {
  Program program;
  auto parsed = ParseWith(program, {"--nmae=x"});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "unknown_flag");
  EXPECT_EQ(parsed.error().message,
            "unknown option \"--nmae\" (did you mean --name?); see demo run --help");
}

TEST(OptionsTest, UnknownFlagSuggestsAFlagContainingIt) {
  Program program;
  auto parsed = ParseWith(program, {"--put", "x"});
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.error().message.find("did you mean --output?"), std::string::npos)
      << parsed.error().message;
}

TEST(OptionsTest, UnknownFlagFarFromAnyGetsNoSuggestion) {
  Program program;
  auto parsed = ParseWith(program, {"--zzzzzzzz"});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message, "unknown option \"--zzzzzzzz\"; see demo run --help");
}

TEST(OptionsTest, BadValueNamesTheFlagOrVariable) {
  Program program;
  auto from_flag = ParseWith(program, {"--name", "bad"});
  ASSERT_FALSE(from_flag.ok());
  EXPECT_EQ(from_flag.error().code, "bad_value");
  EXPECT_EQ(from_flag.error().message, "--name: expected a name, got \"bad\"");
  auto from_env = ParseWith(program, {}, {{"DEMO_NAME", "bad"}});
  ASSERT_FALSE(from_env.ok());
  EXPECT_EQ(from_env.error().message, "DEMO_NAME: expected a name, got \"bad\"");
}

TEST(OptionsTest, MissingValueNamesTheFlag) {
  Program program;
  auto parsed = ParseWith(program, {"--name"});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "missing_value");
  EXPECT_EQ(parsed.error().message, "--name needs a value");
}

TEST(OptionsTest, SwitchRefusesAValue) {
  Program program;
  auto parsed = ParseWith(program, {"--quiet=yes"});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message, "--quiet takes no value; drop \"=yes\"");
}

TEST(OptionsTest, SecretIsNeverEchoed) {
  Program program;
  auto parsed = ParseWith(program, {}, {{"DEMO_TOKEN", "top secret"}});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message.find("top secret"), std::string::npos);
  EXPECT_EQ(parsed.error().message, "DEMO_TOKEN: \"(value not shown)\" has a space");
}

TEST(OptionsTest, EnvironmentOnlySecretIsRefusedAsAFlag) {
  Program program;
  auto parsed = ParseWith(program, {"--token=abc"});
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().message,
            "--token is not accepted on the command line (it would show in the process list); "
            "set DEMO_TOKEN instead");
  EXPECT_EQ(parsed.error().message.find("abc"), std::string::npos);
}

TEST(OptionsTest, PositionalsOnlyWhereTheProgramTakesThem) {
  Program program;
  auto refused = ParseWith(program, {"file.json"});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "unexpected_argument");
  EXPECT_NE(refused.error().message.find("\"file.json\""), std::string::npos);
  auto taken = ParseWith(program, {"a.json", "--quiet", "-", "--", "--b.json"}, {}, true);
  ASSERT_TRUE(taken.ok()) << taken.error().message;
  EXPECT_EQ(taken->positionals, (std::vector<std::string>{"a.json", "-", "--b.json"}));
}

TEST(OptionsTest, PassThroughArgumentsAreLeftInOrder) {
  Program program;
  CommandSpec spec = program.Spec();
  spec.passes_through = [](std::string_view arg) { return arg.starts_with("--gtest_"); };
  const std::vector<std::string_view> args = {"--gtest_filter=*A*", "--quiet", "--gtest_repeat=2"};
  auto parsed = Parse(spec, std::span<const std::string_view>(args), Env({}));
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->passed_through,
            (std::vector<std::string>{"--gtest_filter=*A*", "--gtest_repeat=2"}));
  const std::vector<std::string_view> typo = {"--gtest_filter=*A*", "--qiet"};
  EXPECT_FALSE(Parse(spec, std::span<const std::string_view>(typo), Env({})).ok());
}

TEST(OptionsTest, UsageListsEveryOptionHelpAndVersion) {
  Program program;
  const std::string usage = Usage(program.Spec());
  EXPECT_EQ(usage.rfind("usage: demo run [options]\n\nDoes nothing, politely.\n", 0), 0u) << usage;
  for (const char* part : {"--name NAME  [DEMO_NAME]", "--quiet", "--[no-]fsync  [DEMO_FSYNC]",
                           "--tag TAG", "  DEMO_TOKEN", "-o, --output FILE", "--help",
                           "--version"}) {
    EXPECT_NE(usage.find(part), std::string::npos) << part << "\n" << usage;
  }
}

TEST(OptionsTest, ConcludeExitsTwoOnErrorsAndZeroOnHelp) {
  Program program;
  const CommandSpec spec = program.Spec();
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  const std::vector<std::string_view> bad = {"--nope"};
  EXPECT_EQ(Conclude(spec, Parse(spec, std::span<const std::string_view>(bad), Env({})), out, err),
            2);
  const std::vector<std::string_view> help = {"-h"};
  EXPECT_EQ(Conclude(spec, Parse(spec, std::span<const std::string_view>(help), Env({})), out, err),
            0);
  const std::vector<std::string_view> none;
  EXPECT_EQ(Conclude(spec, Parse(spec, std::span<const std::string_view>(none), Env({})), out, err),
            std::nullopt);
  std::fclose(out);
  std::fclose(err);
}

struct BoolCase {
  const char* name;
  const char* text;
  std::optional<bool> expected;
};

class ParseBoolTest : public testing::TestWithParam<BoolCase> {};

TEST_P(ParseBoolTest, ReadsTheUsualSpellings) {
  Result<bool> value = ParseBool(GetParam().text);
  if (!GetParam().expected) {
    ASSERT_FALSE(value.ok());
    EXPECT_NE(value.error().message.find(GetParam().text), std::string::npos);
    return;
  }
  ASSERT_TRUE(value.ok()) << value.error().message;
  EXPECT_EQ(*value, *GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Spellings, ParseBoolTest,
    testing::Values(BoolCase{"True", "TRUE", true}, BoolCase{"One", "1", true},
                    BoolCase{"Yes", "yes", true}, BoolCase{"On", "On", true},
                    BoolCase{"False", "false", false}, BoolCase{"Zero", "0", false},
                    BoolCase{"No", "no", false}, BoolCase{"Off", "off", false},
                    BoolCase{"Maybe", "maybe", std::nullopt}),
    [](const testing::TestParamInfo<BoolCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace slogate::options
