#include "slogate/common/options.h"

#include <algorithm>
#include <cstdlib>

#include "slogate/common/quote.h"

namespace slogate::options {
namespace {

constexpr std::string_view kHiddenValue = "(value not shown)";
constexpr size_t kHelpColumn = 44;

bool IsHelp(std::string_view arg) { return arg == "--help" || arg == "-h"; }

// The setter's problem, prefixed with where the value came from; a secret never shows.
Error ValueError(const Option& option, std::string_view where, std::string_view value,
                 const Error& problem) {
  std::string message = problem.message;
  if (option.secret && !value.empty()) {
    for (size_t at = message.find(value); at != std::string::npos;
         at = message.find(value, at + kHiddenValue.size())) {
      message.replace(at, value.size(), kHiddenValue);
    }
  }
  return MakeError("bad_value", std::string(where) + ": " + message);
}

Status Apply(const Option& option, std::string_view where, std::string_view value) {
  Status status = option.set(value);
  if (status.ok()) return status;
  return ValueError(option, where, value, status.error());
}

size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The known flag a typo most likely meant: close in spelling ("--profle"), or one that
// contains what was typed ("--path" for "--target-path").
std::optional<std::string_view> ClosestFlag(const CommandSpec& spec, std::string_view typed) {
  std::optional<std::string_view> best;
  size_t best_distance = 3;  // more than two edits away is no suggestion
  const std::string_view bare = typed.substr(typed.find_first_not_of('-') == std::string::npos
                                                 ? typed.size()
                                                 : typed.find_first_not_of('-'));
  for (const Option& option : spec.options) {
    if (option.env_only) continue;
    const size_t distance = EditDistance(typed, option.flag);
    if (distance < best_distance) {
      best = option.flag;
      best_distance = distance;
    } else if (!best && bare.size() >= 3 && option.flag.find(bare) != std::string_view::npos) {
      best = option.flag;
    }
  }
  return best;
}

Error UnknownFlag(const CommandSpec& spec, std::string_view flag) {
  std::string message = "unknown option " + QuoteForMessage(flag);
  if (auto closest = ClosestFlag(spec, flag)) {
    message += " (did you mean " + std::string(*closest) + "?)";
  }
  return MakeError("unknown_flag", message + "; see " + std::string(spec.program) + " --help");
}

const Option* FindFlag(const CommandSpec& spec, std::string_view flag) {
  for (const Option& option : spec.options) {
    if (option.flag == flag || (!option.alias.empty() && option.alias == flag)) return &option;
  }
  return nullptr;
}

Status ApplyEnvironment(const CommandSpec& spec, const EnvLookup& env) {
  for (const Option& option : spec.options) {
    if (option.env.empty()) continue;
    const std::optional<std::string> value = env(option.env);
    if (!value || value->empty()) continue;
    if (Status status = Apply(option, option.env, *value); !status) return status;
  }
  return Status::Ok();
}

// One argument that starts with '-'; consumes the next one when it is this flag's value.
Status ApplyFlag(const CommandSpec& spec, std::span<const std::string_view> args, size_t& i) {
  std::string_view flag = args[i];
  std::optional<std::string_view> inline_value;
  if (const size_t equals = flag.find('='); flag.starts_with("--") && equals != flag.npos) {
    inline_value = flag.substr(equals + 1);
    flag = flag.substr(0, equals);
  }
  const Option* option = FindFlag(spec, flag);
  if (option == nullptr && flag.starts_with("--no-") && !inline_value) {
    const Option* negated = FindFlag(spec, "--" + std::string(flag.substr(5)));
    if (negated != nullptr && negated->kind == Kind::kBoolean) {
      return Apply(*negated, flag, "false");
    }
  }
  if (option == nullptr) return UnknownFlag(spec, flag);
  if (option->env_only) {
    return MakeError("bad_value", std::string(flag) +
                                      " is not accepted on the command line (it would show in "
                                      "the process list); set " +
                                      std::string(option->env) + " instead");
  }
  switch (option->kind) {
    case Kind::kSwitch:
      if (inline_value) {
        return MakeError("bad_value",
                         std::string(flag) + " takes no value; drop \"=" +
                             std::string(option->secret ? kHiddenValue : *inline_value) + "\"");
      }
      return Apply(*option, flag, "");
    case Kind::kBoolean:
      return Apply(*option, flag, inline_value.value_or("true"));
    case Kind::kValue:
      break;
  }
  if (!inline_value && i + 1 >= args.size()) {
    return MakeError("missing_value", std::string(flag) + " needs a value");
  }
  return Apply(*option, flag, inline_value ? *inline_value : args[++i]);
}

std::string LeftColumn(const Option& option) {
  std::string left = "  ";
  if (!option.alias.empty()) left += std::string(option.alias) + ", ";
  if (option.env_only) {
    left += std::string(option.env);
    return left;
  }
  if (option.kind == Kind::kBoolean) {
    left += "--[no-]" + std::string(option.flag.substr(2));
  } else {
    left += option.flag;
  }
  if (option.kind == Kind::kValue) left += " " + std::string(option.value_name);
  if (!option.env.empty()) left += "  [" + std::string(option.env) + "]";
  return left;
}

std::string HelpLine(std::string left, std::string_view help) {
  left.resize(std::max(left.size() + 2, kHelpColumn), ' ');
  return left + std::string(help) + "\n";
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Result<Parsed> Parse(const CommandSpec& spec, std::span<const std::string_view> args,
                     const EnvLookup& env) {
  Parsed parsed;
  // Help and version first: neither depends on a value being right.
  for (std::string_view arg : args) {
    if (arg == "--") break;
    if (IsHelp(arg)) parsed.outcome = Outcome::kHelp;
    if (arg == "--version" && parsed.outcome == Outcome::kRun) parsed.outcome = Outcome::kVersion;
  }
  if (parsed.outcome != Outcome::kRun) return parsed;
  if (Status status = ApplyEnvironment(spec, env); !status) return status.error();
  bool options_ended = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (!options_ended && spec.passes_through && spec.passes_through(arg)) {
      parsed.passed_through.emplace_back(arg);
    } else if (!options_ended && arg == "--") {
      options_ended = true;
    } else if (!options_ended && arg.size() > 1 && arg.front() == '-') {
      if (Status status = ApplyFlag(spec, args, i); !status) return status.error();
    } else if (spec.takes_positionals) {
      parsed.positionals.emplace_back(arg);
    } else {
      return MakeError("unexpected_argument", "unexpected argument " + QuoteForMessage(arg) + " (" +
                                                  std::string(spec.program) +
                                                  " takes only options); see " +
                                                  std::string(spec.program) + " --help");
    }
  }
  return parsed;
}

Result<Parsed> Parse(const CommandSpec& spec, std::span<const std::string> args,
                     const EnvLookup& env) {
  const std::vector<std::string_view> views(args.begin(), args.end());
  return Parse(spec, std::span<const std::string_view>(views), env);
}

std::string Usage(const CommandSpec& spec) {
  std::string usage = "usage: " + std::string(spec.program) + " " + std::string(spec.synopsis) +
                      "\n\n" + std::string(spec.description);
  if (!spec.description.empty() && !spec.description.ends_with("\n")) usage += "\n";
  usage += "\noptions (environment variable in brackets; a flag beats its variable):\n";
  for (const Option& option : spec.options) usage += HelpLine(LeftColumn(option), option.help);
  usage += HelpLine("  -h, --help", "print this help and exit");
  usage += HelpLine("  --version", "print the version and exit");
  if (!spec.epilog.empty()) usage += "\n" + std::string(spec.epilog);
  return usage;
}

std::string VersionLine(std::string_view program) {
  return std::string(program.substr(0, program.find(' '))) + " " + std::string(ProjectVersion());
}

std::optional<int> Conclude(const CommandSpec& spec, const Result<Parsed>& parsed, std::FILE* out,
                            std::FILE* err) {
  if (!parsed.ok()) {
    std::fprintf(err, "%.*s: %s\n", static_cast<int>(spec.program.size()), spec.program.data(),
                 parsed.error().message.c_str());
    return 2;
  }
  if (parsed->outcome == Outcome::kHelp) {
    std::fputs(Usage(spec).c_str(), out);
    return 0;
  }
  if (parsed->outcome == Outcome::kVersion) {
    std::fprintf(out, "%s\n", VersionLine(spec.program).c_str());
    return 0;
  }
  return std::nullopt;
}

Result<bool> ParseBool(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (lower == "true" || lower == "1" || lower == "yes" || lower == "on") return true;
  if (lower == "false" || lower == "0" || lower == "no" || lower == "off") return false;
  return MakeError("bad_value",
                   "expected true/false (or 1/0, yes/no, on/off), got " + QuoteForMessage(text));
}

Setter BooleanSetter(bool* field) {
  return [field](std::string_view text) -> Status {
    Result<bool> value = ParseBool(text);
    if (!value.ok()) return value.error();
    *field = *value;
    return Status::Ok();
  };
}

}  // namespace slogate::options
