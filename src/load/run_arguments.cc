#include "slogate/load/run_arguments.h"

#include <array>
#include <cmath>
#include <cstdlib>
#include <string>

#include "slogate/common/units.h"

namespace slogate::load {
namespace {

using SecondsF = std::chrono::duration<double>;
using Apply = Status (*)(RunArguments& arguments, std::string_view value);

// One option: a flag, optionally the environment variable of the same meaning, and how its
// value lands in the arguments. value_name is empty for switches that take no value.
struct OptionSpec {
  std::string_view flag;
  std::string_view env;
  std::string_view value_name;
  std::string_view help;
  Apply apply;
};

constexpr std::string_view kPathNote =
    " (note: PATH is the shell's search path and is never read as the request path)";

Status Invalid(std::string message) { return MakeError("bad_argument", std::move(message)); }

Result<std::chrono::nanoseconds> PositiveDuration(std::string_view value) {
  Result<units::Seconds> seconds = units::ParseDuration(value);
  if (!seconds) return seconds.error();
  if (seconds->count() <= 0) return MakeError("bad_argument", "must be > 0");
  return std::chrono::duration_cast<std::chrono::nanoseconds>(*seconds);
}

Status SetDuration(std::chrono::nanoseconds* field, std::string_view value) {
  Result<std::chrono::nanoseconds> duration = PositiveDuration(value);
  if (!duration) return duration.error();
  *field = *duration;
  return Status::Ok();
}

Status SetRate(double* field, std::string_view value, bool allow_zero) {
  Result<double> rate = units::ParseQuantity(value);
  if (!rate) return rate.error();
  if (!allow_zero && *rate <= 0) return Invalid("\"" + std::string(value) + "\" must be > 0");
  *field = *rate;
  return Status::Ok();
}

Status SetCount(int* field, std::string_view value, long long minimum, long long maximum) {
  Result<long long> count = units::ParseCount(value);
  if (!count) return count.error();
  if (*count < minimum || *count > maximum) {
    return Invalid("\"" + std::string(value) + "\" must be between " + std::to_string(minimum) +
                   " and " + std::to_string(maximum));
  }
  *field = static_cast<int>(*count);
  return Status::Ok();
}

Status SetPath(RunArguments& a, std::string_view value) {
  if (value.empty() || value.front() != '/') {
    return Invalid("\"" + std::string(value) + "\" must start with '/'" + std::string(kPathNote));
  }
  a.options.request.path = value;
  return Status::Ok();
}

Status SetOkStatuses(RunArguments& a, std::string_view value) {
  std::set<int> statuses;
  size_t from = 0;
  while (from <= value.size()) {
    const size_t comma = std::min(value.find(',', from), value.size());
    Result<long long> status = units::ParseCount(value.substr(from, comma - from));
    if (!status || *status < 100 || *status > 599) {
      return Invalid("\"" + std::string(value) +
                     "\" must be a comma-separated list of HTTP statuses like 200,202");
    }
    statuses.insert(static_cast<int>(*status));
    from = comma + 1;
  }
  a.options.ok_statuses = statuses;
  return Status::Ok();
}

Status SetHttpVersion(RunArguments& a, std::string_view value) {
  if (value == "1.1") {
    a.options.http_version = HttpVersion::kHttp11;
  } else if (value == "2") {
    a.options.http_version = HttpVersion::kHttp2;
  } else {
    return Invalid("\"" + std::string(value) + "\" must be 1.1 or 2");
  }
  return Status::Ok();
}

Status SetSchedule(RunArguments& a, std::string_view value) {
  Result<ScheduleKind> kind = ParseScheduleKind(value);
  if (!kind) return kind.error();
  a.options.schedule.kind = *kind;
  return Status::Ok();
}

Status SetSeed(RunArguments& a, std::string_view value) {
  Result<long long> seed = units::ParseCount(value);
  if (!seed) return seed.error();
  a.options.schedule.seed = static_cast<uint64_t>(*seed);
  return Status::Ok();
}

Status SetText(std::string* field, std::string_view value) {
  *field = value;
  return Status::Ok();
}

// The table that defines `slogate run`: order is the help text's order.
const std::array<OptionSpec, 29>& Options() {
  static const std::array<OptionSpec, 29> options{{
      {"--target-url", "TARGET_URL", "URL", "target base URL, no path (http://127.0.0.1:8010)",
       [](RunArguments& a, std::string_view v) { return SetText(&a.options.target_url, v); }},
      {"--target-path", "TARGET_PATH", "PATH", "request path (/v1/session/message)", SetPath},
      {"--rps", "RPS", "RATE", "mean request rate; fractions and k/M suffixes work (5)",
       [](RunArguments& a, std::string_view v) {
         return SetRate(&a.options.schedule.rps, v, true);
       }},
      {"--duration", "DURATION", "DURATION", "sending time; bare number = seconds (30s)",
       [](RunArguments& a, std::string_view v) {
         return SetDuration(&a.options.schedule.duration, v);
       }},
      {"--concurrency", "CONCURRENCY", "N", "in-flight cap over all threads (20)",
       [](RunArguments& a, std::string_view v) {
         return SetCount(&a.options.concurrency, v, 1, 1000000);
       }},
      {"--jwt", "JWT", "TOKEN", "sent as Authorization: Bearer; never printed (prefer the env var)",
       [](RunArguments& a, std::string_view v) { return SetText(&a.options.request.jwt, v); }},
      {"--tenant", "TENANT", "NAME", "metadata.tenant of the payload (left out when unset)",
       [](RunArguments& a, std::string_view v) { return SetText(&a.options.request.tenant, v); }},
      {"--persona-id", "PERSONA_ID", "ID", "persona_id of the payload (left out when unset)",
       [](RunArguments& a, std::string_view v) {
         return SetText(&a.options.request.persona_id, v);
       }},
      {"--message", "MESSAGE", "TEXT", "message of the payload (ping)",
       [](RunArguments& a, std::string_view v) { return SetText(&a.options.request.message, v); }},
      {"--schedule", "", "KIND", "constant, ramp, burst or poisson (constant)", SetSchedule},
      {"--ramp-from", "", "RATE", "ramp: rate at the start, linear to --rps at the end (0)",
       [](RunArguments& a, std::string_view v) {
         return SetRate(&a.options.schedule.ramp_from_rps, v, true);
       }},
      {"--burst-rps", "", "RATE", "burst: rate inside each burst window (--rps is the baseline)",
       [](RunArguments& a, std::string_view v) {
         return SetRate(&a.options.schedule.burst.rps, v, true);
       }},
      {"--burst-start", "", "DURATION", "burst: start of the first window (0)",
       [](RunArguments& a, std::string_view v) {
         Result<units::Seconds> start = units::ParseDuration(v);
         if (!start) return Status(start.error());
         a.options.schedule.burst.start =
             std::chrono::duration_cast<std::chrono::nanoseconds>(*start);
         return Status::Ok();
       }},
      {"--burst-length", "", "DURATION", "burst: length of each window",
       [](RunArguments& a, std::string_view v) {
         return SetDuration(&a.options.schedule.burst.length, v);
       }},
      {"--burst-every", "", "DURATION", "burst: window period (one window when unset)",
       [](RunArguments& a, std::string_view v) {
         return SetDuration(&a.options.schedule.burst.every, v);
       }},
      {"--seed", "", "N", "poisson: random seed; the same seed gives the same arrivals (1)",
       SetSeed},
      {"--threads", "", "N", "sending threads; 0 = as many as the rate needs (0)",
       [](RunArguments& a, std::string_view v) {
         return SetCount(&a.options.threads, v, 0, 1024);
       }},
      {"--timeout", "", "DURATION", "per-request timeout (10s)",
       [](RunArguments& a, std::string_view v) {
         return SetDuration(&a.options.request_timeout, v);
       }},
      {"--max-queue-wait", "", "DURATION", "drop an arrival that waited longer for a slot (10s)",
       [](RunArguments& a, std::string_view v) {
         return SetDuration(&a.options.max_queue_wait, v);
       }},
      {"--drain-timeout", "", "DURATION", "after sending, wait this long for in-flight (10s)",
       [](RunArguments& a, std::string_view v) {
         return SetDuration(&a.options.drain_timeout, v);
       }},
      {"--http", "", "VERSION", "1.1, or 2 (h2 over https; h2c needs libcurl >= 8) (1.1)",
       SetHttpVersion},
      {"--cacert", "", "FILE", "CA bundle (PEM) to verify the server",
       [](RunArguments& a, std::string_view v) { return SetText(&a.options.tls.ca_file, v); }},
      {"--cert", "", "FILE", "client certificate (PEM)",
       [](RunArguments& a, std::string_view v) { return SetText(&a.options.tls.cert_file, v); }},
      {"--key", "", "FILE", "client private key (PEM)",
       [](RunArguments& a, std::string_view v) { return SetText(&a.options.tls.key_file, v); }},
      {"--insecure", "", "", "do not verify the server certificate",
       [](RunArguments& a, std::string_view) {
         a.options.tls.insecure = true;
         return Status::Ok();
       }},
      {"--method", "", "METHOD", "HTTP method (POST)",
       [](RunArguments& a, std::string_view v) { return SetText(&a.options.request.method, v); }},
      {"--body", "", "TEXT", "request body instead of the seed payload; {{uuid}} = fresh uuid4",
       [](RunArguments& a, std::string_view v) { return SetText(&a.options.request.body, v); }},
      {"--header", "", "'NAME: VALUE'", "extra request header (repeatable)",
       [](RunArguments& a, std::string_view v) {
         a.options.request.headers.emplace_back(v);
         return Status::Ok();
       }},
      {"--ok-status", "", "LIST", "statuses that count as OK, comma-separated (200)",
       SetOkStatuses},
  }};
  return options;
}

// Switches that are not load options.
constexpr std::string_view kOutFlag = "--out";
constexpr std::string_view kNoEventIdsFlag = "--no-event-ids";

const OptionSpec* FindFlag(std::string_view flag) {
  for (const OptionSpec& option : Options()) {
    if (option.flag == flag) return &option;
  }
  return nullptr;
}

// "RPS=\"abc\"" or "--rps \"abc\"", except that a token is never echoed.
std::string Where(const OptionSpec& option, bool from_env, std::string_view value) {
  const std::string name = from_env ? std::string(option.env) : std::string(option.flag);
  if (option.env == "JWT") return name;
  return name + (from_env ? "=" : " ") + "\"" + std::string(value) + "\"";
}

Status ApplyOption(const OptionSpec& option, bool from_env, std::string_view value,
                   RunArguments& arguments) {
  Status status = option.apply(arguments, value);
  if (status.ok()) return status;
  return MakeError(status.error().code,
                   Where(option, from_env, value) + ": " + status.error().message);
}

Status ApplyFlags(std::span<const std::string_view> args, RunArguments& arguments) {
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view flag = args[i];
    std::optional<std::string_view> inline_value;
    if (const size_t equals = flag.find('='); flag.rfind("--", 0) == 0 && equals != flag.npos) {
      inline_value = flag.substr(equals + 1);
      flag = flag.substr(0, equals);
    }
    if (flag == kNoEventIdsFlag) {
      arguments.options.capture_event_ids = false;
      continue;
    }
    const OptionSpec* option = FindFlag(flag);
    if (option == nullptr && flag != kOutFlag) {
      const std::string hint = flag == "--path" ? " (the request path is --target-path)" : "";
      return MakeError("unknown_flag", "unknown option \"" + std::string(flag) + "\"" + hint +
                                           "; see slogate run --help");
    }
    const bool takes_value = option == nullptr || !option->value_name.empty();
    std::string_view value;
    if (takes_value) {
      if (!inline_value && i + 1 >= args.size()) {
        return MakeError("missing_value", std::string(flag) + " needs a value");
      }
      value = inline_value ? *inline_value : args[++i];
    }
    if (option == nullptr) {
      arguments.out_path = value;
    } else if (Status status = ApplyOption(*option, false, value, arguments); !status) {
      return status;
    }
  }
  return Status::Ok();
}

}  // namespace

EnvironmentLookup ProcessEnvironment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

Result<RunArguments> ParseRunArguments(std::span<const std::string_view> args,
                                       const EnvironmentLookup& environment) {
  RunArguments arguments;
  for (std::string_view arg : args) {
    if (arg == "--help" || arg == "-h") {
      arguments.help = true;
      return arguments;
    }
  }
  for (const OptionSpec& option : Options()) {
    if (option.env.empty()) continue;
    // Empty variables count as unset, like the upstream harness's `os.getenv(...) or default`.
    const std::optional<std::string> value = environment(option.env);
    if (!value || value->empty()) continue;
    if (Status status = ApplyOption(option, true, *value, arguments); !status) {
      return status.error();
    }
  }
  if (Status status = ApplyFlags(args, arguments); !status) return status.error();
  if (Status status = arguments.options.Validate(); !status) return status.error();
  return arguments;
}

std::string RunUsage() {
  std::string usage =
      "usage: slogate run [options]\n\n"
      "Sends an open-loop load to TARGET_URL + TARGET_PATH and prints a JSON summary on stdout.\n"
      "Each option's environment variable (when it has one) is read first; flags win.\n"
      "The request path is TARGET_PATH: PATH is the shell's search path and is never read.\n\n";
  for (const OptionSpec& option : Options()) {
    std::string left = "  " + std::string(option.flag);
    if (!option.value_name.empty()) left += " " + std::string(option.value_name);
    if (!option.env.empty()) left += "  [" + std::string(option.env) + "]";
    left.resize(std::max<size_t>(left.size() + 2, 44), ' ');
    usage += left + std::string(option.help) + "\n";
  }
  usage += "  --no-event-ids                            do not keep the event_id of responses\n";
  usage +=
      "  --out FILE                                also write the full result JSON (for merge)\n";
  return usage;
}

}  // namespace slogate::load
