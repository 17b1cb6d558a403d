// One options facility for every slogate binary: a program declares its options as a table
// (flag, environment variable, value name, kind, help, setter) and Parse applies the
// environment first and the flags over it, with the same rules everywhere:
//
// - `--name=value` and `--name value`; a switch takes no value; a boolean takes none
//   (true), `--name=false` or `--no-name`; every flag may repeat (the setter sees each value,
//   so a list option appends and a scalar keeps the last one).
// - An empty environment variable counts as unset (as in `RPS= make`).
// - `--help`/`-h` and `--version` end parsing before any value is read or checked.
// - An unknown flag is an error naming the closest known one; an argument that is no option
//   is an error unless the program takes positional arguments.
// - Errors name the flag or variable; a secret option's value is never echoed, and a secret
//   marked environment-only is refused as a flag (it would show in the process list).
//
// Pure: the environment is passed in. Thread-compatible.
#pragma once

#include <cstdio>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/common/result.h"

namespace slogate::options {

// Looks up one environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(std::string_view name)>;

// The process environment (getenv).
EnvLookup ProcessEnvironment();

// The project version (CMake's PROJECT_VERSION), e.g. "0.1.0".
std::string_view ProjectVersion();

enum class Kind {
  kValue,    // needs a value: `--rps 5`, `--rps=5`, RPS=5
  kSwitch,   // no value: `--insecure`; the setter gets ""
  kBoolean,  // `--fsync`, `--fsync=false`, `--no-fsync`, GATEWAY_WAL_FSYNC=off; see ParseBool
};

// Applies one value. Returns the problem without naming the option (Parse prefixes the flag or
// variable); a problem may quote the value, Parse hides it for a secret option.
using Setter = std::function<Status(std::string_view value)>;

struct Option {
  std::string_view flag = {};        // "--rps"
  std::string_view env = {};         // "RPS"; empty when there is none
  std::string_view value_name = {};  // "RATE" in the help; ignored for switches and booleans
  Kind kind = Kind::kValue;
  std::string_view help = {};  // one line; the default in parentheses at its end
  Setter set = {};
  bool secret = false;          // never echoed in an error
  bool env_only = false;        // the flag is refused (secrets that must not be in argv)
  std::string_view alias = {};  // a short spelling such as "-o"
};

struct CommandSpec {
  std::string_view program = {};      // "slogate run": usage, errors and the version line
  std::string_view synopsis = {};     // after the program in the usage line: "[options]"
  std::string_view description = {};  // paragraphs between the usage line and the options
  std::vector<Option> options = {};
  bool takes_positionals = false;
  // Arguments left for another parser (GoogleTest's `--gtest_*`); nullptr: none.
  std::function<bool(std::string_view arg)> passes_through = {};
  std::string_view epilog = {};  // after the options
};

enum class Outcome { kRun, kHelp, kVersion };

struct Parsed {
  Outcome outcome = Outcome::kRun;
  std::vector<std::string> positionals;     // in order
  std::vector<std::string> passed_through;  // in order
};

// Applies the environment, then `args` (argv after the program or subcommand). Error codes:
// "unknown_flag", "missing_value", "bad_value", "unexpected_argument".
Result<Parsed> Parse(const CommandSpec& spec, std::span<const std::string_view> args,
                     const EnvLookup& env);
Result<Parsed> Parse(const CommandSpec& spec, std::span<const std::string> args,
                     const EnvLookup& env);

// The generated --help text: usage line, description, every option with its variable.
std::string Usage(const CommandSpec& spec);

// "slogate 0.1.0" for program "slogate run".
std::string VersionLine(std::string_view program);

// What a program does with Parse's answer before its own work: prints the error to `err`
// (exit 2), or the help or version to `out` (exit 0). nullopt: go on and run.
std::optional<int> Conclude(const CommandSpec& spec, const Result<Parsed>& parsed,
                            std::FILE* out = stdout, std::FILE* err = stderr);

// true/1/yes/on and false/0/no/off, any case.
Result<bool> ParseBool(std::string_view text);

// The setter of a kBoolean option: ParseBool into `*field`.
Setter BooleanSetter(bool* field);

}  // namespace slogate::options
