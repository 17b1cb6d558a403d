#include "options.h"

#include <charconv>
#include <cstdlib>

#include "slogate/common/units.h"

namespace slogate::refgw {
namespace {

enum class Kind { kString, kPort, kCount, kRate, kDuration, kBool, kFaults, kSecret };

// One flag and the environment variable that overrides its default.
struct OptionSpec {
  const char* flag;  // without "--"
  const char* env;   // nullptr when none
  Kind kind;
  const char* help;
};

// Every option in one place. Durations take units ("200us", "30s"); a bare number is seconds.
constexpr OptionSpec kSpecs[] = {
    {"host", "GATEWAY_HOST", Kind::kString, "IPv4 address to bind (default 127.0.0.1)"},
    {"port", "GATEWAY_PORT", Kind::kPort, "API port (default 8010; 0 = ephemeral)"},
    {"metrics-port", "GATEWAY_METRICS_PORT", Kind::kPort,
     "gateway metrics port (default 9400; 0 = ephemeral)"},
    {"replicator-metrics-port", "GATEWAY_REPLICATOR_METRICS_PORT", Kind::kPort,
     "replicator metrics port (default 9412; 0 = ephemeral)"},
    {"http-threads", "GATEWAY_HTTP_THREADS", Kind::kCount, "API event-loop threads (default 2)"},
    {"data-dir", "GATEWAY_DATA_DIR", Kind::kString,
     "WAL, outbox and replica directory (default ./refgw-data)"},
    {"group-commit", "GATEWAY_WAL_GROUP_COMMIT", Kind::kDuration,
     "WAL group-commit window (default 200us)"},
    {"fsync", "GATEWAY_WAL_FSYNC", Kind::kBool,
     "fdatasync the WAL before answering (default true)"},
    {"write-through", "GATEWAY_WRITE_THROUGH", Kind::kBool,
     "move the write-through metrics (default true)"},
    {"write-through-async", "GATEWAY_WRITE_THROUGH_ASYNC", Kind::kBool,
     "move the write-through metrics after the answer is sent (default false)"},
    {"require-auth", "GATEWAY_REQUIRE_AUTH", Kind::kBool, "require a Bearer JWT (default false)"},
    {"jwt-secret", "GATEWAY_JWT_SECRET", Kind::kSecret,
     "HS256 secret; environment only, never a flag (implies --require-auth)"},
    {"jwt-public-key", "GATEWAY_JWT_PUBLIC_KEY", Kind::kString,
     "RS256 public key: PEM text or a PEM file path (implies --require-auth)"},
    {"admin-rps", "GATEWAY_ADMIN_RPS", Kind::kRate,
     "rate limit of the list/export/DLQ admin routes per second (default 50; 0 = off)"},
    {"dlq-poll", "GATEWAY_DLQ_POLL_SECONDS", Kind::kDuration,
     "DLQ gauge refresh period (default 30s, min 10s)"},
    {"dlq-topic", "GATEWAY_DLQ_TOPIC", Kind::kString, "DLQ topic label (default memory.wal.dlq)"},
    {"idle-timeout", "GATEWAY_HTTP_IDLE_TIMEOUT", Kind::kDuration,
     "close idle keep-alive connections (default 60s)"},
    {"max-body", "GATEWAY_MAX_BODY_BYTES", Kind::kCount,
     "request body limit in bytes (default 1048576)"},
    {"faults", "GATEWAY_FAULTS", Kind::kFaults, "fault set as JSON (see docs/refgw.md)"},
};

Result<bool> ParseBool(std::string_view text, const std::string& where) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (lower == "true" || lower == "1" || lower == "yes" || lower == "on") return true;
  if (lower == "false" || lower == "0" || lower == "no" || lower == "off" || lower.empty())
    return false;
  return MakeError("bad_option", where + ": expected true/false, got '" + std::string(text) + "'");
}

Result<long long> ParseWhole(std::string_view text, const std::string& where, long long min,
                             long long max) {
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return MakeError("bad_option", where + ": expected a whole number in [" + std::to_string(min) +
                                       ", " + std::to_string(max) + "], got '" + std::string(text) +
                                       "'");
  }
  return value;
}

Status Apply(const OptionSpec& spec, std::string_view text, const std::string& where,
             GatewayOptions& options) {
  std::string name = spec.flag;
  if (spec.kind == Kind::kPort) {
    Result<long long> port = ParseWhole(text, where, 0, 65535);
    if (!port.ok()) return port.error();
    uint16_t value = static_cast<uint16_t>(*port);
    if (name == "port") options.api_port = value;
    if (name == "metrics-port") options.metrics_port = value;
    if (name == "replicator-metrics-port") options.replicator_metrics_port = value;
  } else if (spec.kind == Kind::kCount) {
    Result<long long> count = ParseWhole(text, where, 1, name == "http-threads" ? 64 : (1LL << 30));
    if (!count.ok()) return count.error();
    if (name == "http-threads") options.http_threads = static_cast<int>(*count);
    if (name == "max-body") options.max_body_bytes = static_cast<size_t>(*count);
  } else if (spec.kind == Kind::kRate) {
    Result<long long> rate = ParseWhole(text, where, 0, 1000000);
    if (!rate.ok()) return rate.error();
    options.admin_rps = static_cast<int>(*rate);
  } else if (spec.kind == Kind::kBool) {
    Result<bool> value = ParseBool(text, where);
    if (!value.ok()) return value.error();
    if (name == "fsync") options.fsync = *value;
    if (name == "write-through") options.write_through = *value;
    if (name == "write-through-async") options.write_through_async = *value;
    if (name == "require-auth") options.require_auth = *value;
  } else if (spec.kind == Kind::kDuration) {
    Result<units::Seconds> duration = units::ParseDuration(text);
    if (!duration.ok()) return MakeError("bad_option", where + ": " + duration.error().message);
    if (name == "group-commit") {
      options.group_commit_window =
          std::chrono::duration_cast<std::chrono::microseconds>(*duration);
    }
    if (name == "dlq-poll") {
      // Like the upstream: never poll more often than every 10 s.
      options.dlq_poll =
          std::max(std::chrono::seconds(10), std::chrono::ceil<std::chrono::seconds>(*duration));
    }
    if (name == "idle-timeout")
      options.idle_timeout = std::chrono::ceil<std::chrono::milliseconds>(*duration);
  } else if (spec.kind == Kind::kFaults) {
    Result<FaultSet> faults = ParseFaultSet(text);
    if (!faults.ok()) return MakeError("bad_option", where + ": " + faults.error().message);
    options.faults = *faults;
  } else if (spec.kind == Kind::kSecret) {
    options.jwt_secret = std::string(text);
  } else if (name == "host") {
    options.host = std::string(text);
  } else if (name == "data-dir") {
    if (text.empty()) return MakeError("bad_option", where + ": must not be empty");
    options.data_dir = std::string(text);
  } else if (name == "jwt-public-key") {
    options.jwt_public_key = std::string(text);
  } else if (name == "dlq-topic") {
    options.dlq_topic = std::string(text);
  }
  return Status::Ok();
}

const OptionSpec* FindFlag(std::string_view flag) {
  for (const OptionSpec& spec : kSpecs) {
    if (flag == spec.flag && spec.kind != Kind::kSecret) return &spec;
  }
  return nullptr;
}

}  // namespace

Result<GatewayOptions> ParseOptions(const std::vector<std::string>& args, const EnvLookup& env) {
  GatewayOptions options;
  for (const OptionSpec& spec : kSpecs) {
    if (spec.env == nullptr) continue;
    std::optional<std::string> value = env(spec.env);
    if (!value.has_value()) continue;
    Status applied = Apply(spec, *value, spec.env, options);
    if (!applied.ok()) return applied.error();
  }
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      options.show_help = true;
      continue;
    }
    if (arg.substr(0, 2) != "--") {
      return MakeError("bad_option", "unexpected argument '" + std::string(arg) + "'; see --help");
    }
    arg.remove_prefix(2);
    size_t equals = arg.find('=');
    std::string_view name = arg.substr(0, equals);
    bool negated = false;
    const OptionSpec* spec = FindFlag(name);
    if (spec == nullptr && name.substr(0, 3) == "no-") {
      spec = FindFlag(name.substr(3));
      negated = spec != nullptr && spec->kind == Kind::kBool && equals == std::string_view::npos;
      if (!negated) spec = nullptr;
    }
    if (spec == nullptr) {
      if (name == "jwt-secret") {
        return MakeError("bad_option",
                         "--jwt-secret is not accepted on the command line (it would show in the "
                         "process list); set GATEWAY_JWT_SECRET instead");
      }
      return MakeError("bad_option", "unknown flag --" + std::string(name) + "; see --help");
    }
    std::string where = "--" + std::string(name);
    std::string value;
    if (negated) {
      value = "false";
    } else if (equals != std::string_view::npos) {
      value = std::string(arg.substr(equals + 1));
    } else if (spec->kind == Kind::kBool) {
      value = "true";
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return MakeError("bad_option", where + " needs a value");
    }
    Status applied = Apply(*spec, value, where, options);
    if (!applied.ok()) return applied.error();
  }
  if (options.require_auth && options.jwt_secret.empty() && options.jwt_public_key.empty()) {
    return MakeError("bad_option",
                     "authentication is required but neither GATEWAY_JWT_SECRET (HS256) nor "
                     "GATEWAY_JWT_PUBLIC_KEY (RS256) is set: tokens could not be verified");
  }
  return options;
}

std::string UsageText() {
  std::string text =
      "usage: slogate_refgw [flags]\n\n"
      "The reference session gateway. Prints one JSON line with the bound ports on stdout once\n"
      "it is serving; stops cleanly on SIGTERM or SIGINT.\n\nflags (environment variable in "
      "brackets):\n";
  for (const OptionSpec& spec : kSpecs) {
    std::string flag = spec.kind == Kind::kSecret ? "" : std::string("--") + spec.flag;
    text += "  " + flag + std::string(flag.size() < 26 ? 26 - flag.size() : 1, ' ') + spec.help +
            " [" + spec.env + "]\n";
  }
  return text;
}

std::optional<std::string> ProcessEnv(std::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

}  // namespace slogate::refgw
