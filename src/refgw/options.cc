#include "options.h"

#include <algorithm>
#include <charconv>

#include "slogate/common/units.h"

namespace slogate::refgw {
namespace {

using options::Kind;
using options::Option;

Result<long long> ParseWhole(std::string_view text, long long min, long long max) {
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return MakeError("bad_option", "expected a whole number in [" + std::to_string(min) + ", " +
                                       std::to_string(max) + "], got '" + std::string(text) + "'");
  }
  return value;
}

template <typename Field>
options::Setter Whole(Field* field, long long min, long long max) {
  return [field, min, max](std::string_view text) -> Status {
    Result<long long> value = ParseWhole(text, min, max);
    if (!value.ok()) return value.error();
    *field = static_cast<Field>(*value);
    return Status::Ok();
  };
}

// Durations take units ("200us", "30s"); a bare number is seconds. `convert` rounds to the
// field's unit (and applies its floor).
template <typename Field>
options::Setter Duration(Field* field, Field (*convert)(units::Seconds)) {
  return [field, convert](std::string_view text) -> Status {
    Result<units::Seconds> duration = units::ParseDuration(text);
    if (!duration.ok()) return duration.error();
    *field = convert(*duration);
    return Status::Ok();
  };
}

template <typename Field>
options::Setter Text(Field* field) {
  return [field](std::string_view text) {
    *field = std::string(text);
    return Status::Ok();
  };
}

// A deadline of 0 would close every connection before its first byte.
std::chrono::milliseconds AtLeastOneMillisecond(units::Seconds d) {
  return std::max(std::chrono::milliseconds(1), std::chrono::ceil<std::chrono::milliseconds>(d));
}

// Every option in one place, in the help text's order.
options::CommandSpec GatewaySpec(GatewayOptions& o) {
  using std::chrono::microseconds;
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  options::CommandSpec spec{
      .program = "slogate_refgw",
      .synopsis = "[flags]",
      .description =
          "The reference session gateway. Prints one JSON line with the bound ports on stdout "
          "once\nit is serving; stops cleanly on SIGTERM or SIGINT.\n"};
  spec.options = {
      {.flag = "--host",
       .env = "GATEWAY_HOST",
       .value_name = "ADDRESS",
       .help = "IPv4 address to bind (default 127.0.0.1)",
       .set = Text(&o.host)},
      {.flag = "--port",
       .env = "GATEWAY_PORT",
       .value_name = "PORT",
       .help = "API port (default 8010; 0 = ephemeral)",
       .set = Whole(&o.api_port, 0, 65535)},
      {.flag = "--metrics-port",
       .env = "GATEWAY_METRICS_PORT",
       .value_name = "PORT",
       .help = "gateway metrics port (default 9400; 0 = ephemeral)",
       .set = Whole(&o.metrics_port, 0, 65535)},
      {.flag = "--replicator-metrics-port",
       .env = "GATEWAY_REPLICATOR_METRICS_PORT",
       .value_name = "PORT",
       .help = "replicator 0's metrics port, replicator i's is PORT+i (default 9412; 0 = "
               "ephemeral)",
       .set = Whole(&o.replicator_metrics_port, 0, 65535)},
      {.flag = "--replicators",
       .env = "GATEWAY_REPLICATORS",
       .value_name = "N",
       .help = "replicator threads, writes partitioned by event id (default 1, at most 8)",
       .set = Whole(&o.replicators, 1, static_cast<long long>(store::kMaxReplicators))},
      {.flag = "--http-threads",
       .env = "GATEWAY_HTTP_THREADS",
       .value_name = "N",
       .help = "API event-loop threads (default 2)",
       .set = Whole(&o.http_threads, 1, 64)},
      {.flag = "--data-dir",
       .env = "GATEWAY_DATA_DIR",
       .value_name = "DIR",
       .help = "WAL, outbox and replica directory (default ./refgw-data)",
       .set = [&o](std::string_view text) -> Status {
         if (text.empty()) return MakeError("bad_option", "must not be empty");
         o.data_dir = std::string(text);
         return Status::Ok();
       }},
      {.flag = "--group-commit",
       .env = "GATEWAY_WAL_GROUP_COMMIT",
       .value_name = "DURATION",
       .help = "WAL group-commit window (default 200us)",
       .set = Duration<microseconds>(
           &o.group_commit_window,
           [](units::Seconds d) { return std::chrono::duration_cast<microseconds>(d); })},
      {.flag = "--fsync",
       .env = "GATEWAY_WAL_FSYNC",
       .kind = Kind::kBoolean,
       .help = "fdatasync the WAL before answering (default true)",
       .set = options::BooleanSetter(&o.fsync)},
      {.flag = "--write-through",
       .env = "GATEWAY_WRITE_THROUGH",
       .kind = Kind::kBoolean,
       .help = "move the write-through metrics (default true)",
       .set = options::BooleanSetter(&o.write_through)},
      {.flag = "--write-through-async",
       .env = "GATEWAY_WRITE_THROUGH_ASYNC",
       .kind = Kind::kBoolean,
       .help = "move the write-through metrics after the answer is sent (default false)",
       .set = options::BooleanSetter(&o.write_through_async)},
      {.flag = "--require-auth",
       .env = "GATEWAY_REQUIRE_AUTH",
       .kind = Kind::kBoolean,
       .help = "require a Bearer JWT (default false)",
       .set = options::BooleanSetter(&o.require_auth)},
      {.flag = "--jwt-secret",
       .env = "GATEWAY_JWT_SECRET",
       .help = "HS256 secret; environment only, never a flag (implies --require-auth)",
       .set = Text(&o.jwt_secret),
       .secret = true,
       .env_only = true},
      {.flag = "--jwt-public-key",
       .env = "GATEWAY_JWT_PUBLIC_KEY",
       .value_name = "PEM",
       .help = "RS256 public key: PEM text or a PEM file path (implies --require-auth)",
       .set = Text(&o.jwt_public_key)},
      {.flag = "--admin-rps",
       .env = "GATEWAY_ADMIN_RPS",
       .value_name = "N",
       .help = "rate limit of the list/export/DLQ admin routes per second (default 50; 0 = off)",
       .set = Whole(&o.admin_rps, 0, 1000000)},
      {.flag = "--dlq-poll",
       .env = "GATEWAY_DLQ_POLL_SECONDS",
       .value_name = "DURATION",
       .help = "DLQ gauge refresh period (default 30s, min 10s)",
       // Like the upstream: never poll more often than every 10 s.
       .set = Duration<seconds>(
           &o.dlq_poll,
           [](units::Seconds d) { return std::max(seconds(10), std::chrono::ceil<seconds>(d)); })},
      {.flag = "--dlq-topic",
       .env = "GATEWAY_DLQ_TOPIC",
       .value_name = "TOPIC",
       .help = "DLQ topic label (default memory.wal.dlq)",
       .set = Text(&o.dlq_topic)},
      {.flag = "--idle-timeout",
       .env = "GATEWAY_HTTP_IDLE_TIMEOUT",
       .value_name = "DURATION",
       .help = "close idle keep-alive connections (default 60s)",
       .set = Duration<milliseconds>(
           &o.idle_timeout, [](units::Seconds d) { return std::chrono::ceil<milliseconds>(d); })},
      {.flag = "--header-timeout",
       .env = "GATEWAY_HTTP_HEADER_TIMEOUT",
       .value_name = "DURATION",
       .help = "a request head must arrive in full within this of its first byte, or of the "
               "connection's start; else 408 and close (default 10s, at least 1ms)",
       .set = Duration<milliseconds>(&o.header_timeout, AtLeastOneMillisecond)},
      {.flag = "--body-timeout",
       .env = "GATEWAY_HTTP_BODY_TIMEOUT",
       .value_name = "DURATION",
       .help = "a request body must arrive in full within this of its head's end; else 408 and "
               "close (default 30s, at least 1ms)",
       .set = Duration<milliseconds>(&o.body_timeout, AtLeastOneMillisecond)},
      {.flag = "--max-body",
       .env = "GATEWAY_MAX_BODY_BYTES",
       .value_name = "BYTES",
       .help = "request body limit in bytes (default 1048576)",
       .set = Whole(&o.max_body_bytes, 1, 1LL << 30)},
      {.flag = "--faults",
       .env = "GATEWAY_FAULTS",
       .value_name = "JSON",
       .help = "fault set as JSON (see docs/refgw.md)",
       .set = [&o](std::string_view text) -> Status {
         Result<FaultSet> faults = ParseFaultSet(text);
         if (!faults.ok()) return faults.error();
         o.faults = *faults;
         return Status::Ok();
       }},
  };
  return spec;
}

}  // namespace

Result<GatewayOptions> ParseOptions(const std::vector<std::string>& args,
                                    const options::EnvLookup& env) {
  GatewayOptions gateway;
  const options::CommandSpec spec = GatewaySpec(gateway);
  Result<options::Parsed> parsed = options::Parse(spec, std::span<const std::string>(args), env);
  if (!parsed.ok()) return parsed.error();
  gateway.outcome = parsed->outcome;
  if (gateway.outcome != options::Outcome::kRun) return gateway;
  if (gateway.require_auth && gateway.jwt_secret.empty() && gateway.jwt_public_key.empty()) {
    return MakeError("bad_option",
                     "authentication is required but neither GATEWAY_JWT_SECRET (HS256) nor "
                     "GATEWAY_JWT_PUBLIC_KEY (RS256) is set: tokens could not be verified");
  }
  if (gateway.replicator_metrics_port != 0 &&
      gateway.replicator_metrics_port + gateway.replicators - 1 > 65535) {
    return MakeError("bad_option", "--replicator-metrics-port (GATEWAY_REPLICATOR_METRICS_PORT): " +
                                       std::to_string(gateway.replicator_metrics_port) + " + " +
                                       std::to_string(gateway.replicators - 1) +
                                       " replicators is past port 65535; choose a lower port or 0");
  }
  if (Status fits = CheckFaultsFit(gateway.faults, gateway.replicators); !fits.ok()) {
    return MakeError("bad_option", "--faults (GATEWAY_FAULTS): " + fits.error().message);
  }
  return gateway;
}

std::string UsageText() {
  GatewayOptions unused;
  return options::Usage(GatewaySpec(unused));
}

}  // namespace slogate::refgw
