#include "slogate/load/run_arguments.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <set>
#include <string>

#include "slogate/common/load_limits.h"
#include "slogate/common/quote.h"
#include "slogate/common/secrets.h"
#include "slogate/common/units.h"
#include "slogate/common/wall_time.h"

namespace slogate::load {
namespace {

using options::Kind;
using options::Option;

constexpr std::string_view kPathNote =
    " (note: PATH is the shell's search path and is never read as the request path)";

Status Invalid(std::string message) { return MakeError("bad_argument", std::move(message)); }

// A request timeout, a queue wait, a drain: > 0 and at most limits::kMaxWait.
Status SetWait(std::chrono::nanoseconds* field, std::string_view value) {
  Result<std::chrono::nanoseconds> wait = limits::ParseWait(value);
  if (!wait) return wait.error();
  *field = *wait;
  return Status::Ok();
}

// A burst window's length or period: > 0 and inside the longest run.
Status SetRunLength(std::chrono::nanoseconds* field, std::string_view value) {
  Result<std::chrono::nanoseconds> length = limits::ParseRunOffset(value);
  if (!length) return length.error();
  if (length->count() <= 0) return Invalid(QuoteForMessage(value) + " must be > 0");
  *field = *length;
  return Status::Ok();
}

// A rate that may be 0 (a ramp's start, a burst's rate); the run's own rate is limits::ParseRps.
Status SetNonNegativeRate(double* field, std::string_view value) {
  Result<double> rate = limits::ParseRateOrZero(value);
  if (!rate) return rate.error();
  *field = *rate;
  return Status::Ok();
}

Status SetThreads(int* field, std::string_view value) {
  Result<long long> count = units::ParseCount(value);
  if (!count) return count.error();
  if (*count > 1024) return Invalid(QuoteForMessage(value) + " must be between 0 and 1024");
  *field = static_cast<int>(*count);
  return Status::Ok();
}

Status SetPath(RunArguments& a, std::string_view value) {
  if (value.empty() || value.front() != '/') {
    return Invalid(QuoteForMessage(value) + " must start with '/'" + std::string(kPathNote));
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
      return Invalid(QuoteForMessage(value) +
                     " must be a comma-separated list of HTTP statuses like 200,202");
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
    return Invalid(QuoteForMessage(value) + " must be 1.1 or 2");
  }
  return Status::Ok();
}

Status SetSpin(RunArguments& a, std::string_view value) {
  Result<units::Seconds> spin = units::ParseDuration(value);
  if (!spin || spin->count() < 0 || *spin > kMaxSpin) {
    return Invalid(QuoteForMessage(value) + " must be a duration >= 0 and <= " +
                   units::FormatDuration(kMaxSpin) + " (e.g. 100us)");
  }
  a.options.spin = std::chrono::round<std::chrono::nanoseconds>(*spin);
  return Status::Ok();
}

Status SetTransport(RunArguments& a, std::string_view value) {
  Result<TransportChoice> choice = ParseTransportChoice(value);
  if (!choice) return choice.error();
  a.options.transport = *choice;
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

// A share's number: decimal digits only (no sign, space, fraction or suffix), below `limit`.
std::optional<int> ShareNumber(std::string_view text, int limit) {
  // Unsigned: from_chars then takes digits only, no sign (nor space, which it never skips).
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      value >= static_cast<unsigned>(limit)) {
    return std::nullopt;
  }
  return static_cast<int>(value);
}

Status SetShard(RunArguments& a, std::string_view value) {
  Result<ShardArgument> shard = ParseShardArgument(value);
  if (!shard) return shard.error();
  a.options.shard = shard->spec;
  a.shard_from_job = shard->from_job;
  return Status::Ok();
}

Status SetStartAt(RunArguments& a, std::string_view value) {
  Result<std::chrono::system_clock::time_point> at = wall_time::ParseUtc(value);
  if (!at) return at.error();
  a.options.start_at = *at;
  return Status::Ok();
}

Status SetText(std::string* field, std::string_view value) {
  *field = value;
  return Status::Ok();
}

// The token goes into a header and must never reach an output: checked without being
// echoed, then registered so that every output redacts it wherever a target echoes it.
Status SetJwt(RunArguments& a, std::string_view value) {
  if (Status valid = secrets::CheckCredential(value); !valid) return valid;
  secrets::Register(value);
  return SetText(&a.options.request.jwt, value);
}

// "Name: value". A header naming a credential (Authorization, X-Api-Key, Cookie, ...) is
// checked and registered as the JWT is; any other value must still fit in a header.
Status AddHeader(RunArguments& a, std::string_view header) {
  const size_t colon = header.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view name = header.substr(0, colon);
    std::string_view value = header.substr(colon + 1);
    const size_t first = value.find_first_not_of(" \t");
    value.remove_prefix(first == std::string_view::npos ? value.size() : first);
    if (secrets::IsSecretName(name)) {
      // "Bearer <token>", "Basic <credentials>": the secret is the part after the scheme.
      const std::string_view credential = value.substr(value.rfind(' ') + 1);
      if (Status valid = secrets::CheckCredential(credential); !valid) {
        return Invalid("header " + QuoteForMessage(name) + ": " + valid.error().message);
      }
      secrets::Register(credential);
    } else if (std::any_of(value.begin(), value.end(), [](char c) {
                 return (static_cast<unsigned char>(c) < ' ' && c != '\t') || c == 0x7f;
               })) {
      return Invalid("header " + QuoteForMessage(header) +
                     " contains a control character, which an HTTP header cannot carry");
    }
  }
  a.options.request.headers.emplace_back(header);
  return Status::Ok();
}

// One row of `slogate run`'s table; RunSpec binds it to the arguments being filled.
struct Row {
  std::string_view flag;
  std::string_view env;
  std::string_view value_name;
  std::string_view help;
  Status (*apply)(RunArguments& arguments, std::string_view value);
  Kind kind = Kind::kValue;
  bool secret = false;
};

// The table that defines `slogate run`: order is the help text's order.
static_assert(kMaxSpin == std::chrono::milliseconds(10), "--spin's help names the bound");

constexpr Row kRows[] = {
    {"--target-url", "TARGET_URL", "URL", "target base URL, no path (http://127.0.0.1:8010)",
     [](RunArguments& a, std::string_view v) {
       if (Status valid = limits::CheckBaseUrl(v); !valid) return valid;
       return SetText(&a.options.target_url, v);
     }},
    {"--target-path", "TARGET_PATH", "PATH", "request path (/v1/session/message)", SetPath},
    {"--rps", "RPS", "RATE", "mean request rate, > 0 and <= 1M; k/M suffixes work (5)",
     [](RunArguments& a, std::string_view v) -> Status {
       Result<double> rps = limits::ParseRps(v);
       if (!rps) return rps.error();
       a.options.schedule.rps = *rps;
       return Status::Ok();
     }},
    {"--duration", "DURATION", "DURATION", "sending time; bare number = seconds (30s)",
     [](RunArguments& a, std::string_view v) -> Status {
       Result<std::chrono::nanoseconds> duration = limits::ParseRunDuration(v);
       if (!duration) return duration.error();
       a.options.schedule.duration = *duration;
       return Status::Ok();
     }},
    {"--concurrency", "CONCURRENCY", "N", "in-flight cap over all threads, 1..100000 (20)",
     [](RunArguments& a, std::string_view v) -> Status {
       Result<int> concurrency = limits::ParseConcurrency(v);
       if (!concurrency) return concurrency.error();
       a.options.concurrency = *concurrency;
       return Status::Ok();
     }},
    {"--jwt", "JWT", "TOKEN", "sent as Authorization: Bearer; never printed (prefer the env var)",
     SetJwt, Kind::kValue, true},
    {"--tenant", "TENANT", "NAME", "metadata.tenant of the payload (left out when unset)",
     [](RunArguments& a, std::string_view v) { return SetText(&a.options.request.tenant, v); }},
    {"--persona-id", "PERSONA_ID", "ID", "persona_id of the payload (left out when unset)",
     [](RunArguments& a, std::string_view v) { return SetText(&a.options.request.persona_id, v); }},
    {"--message", "MESSAGE", "TEXT", "message of the payload (ping)",
     [](RunArguments& a, std::string_view v) { return SetText(&a.options.request.message, v); }},
    {"--schedule", "", "KIND", "constant, ramp, burst or poisson (constant)", SetSchedule},
    {"--ramp-from", "", "RATE", "ramp: rate at the start, linear to --rps at the end (0)",
     [](RunArguments& a, std::string_view v) {
       return SetNonNegativeRate(&a.options.schedule.ramp_from_rps, v);
     }},
    {"--burst-rps", "", "RATE", "burst: rate inside each burst window (--rps is the baseline)",
     [](RunArguments& a, std::string_view v) {
       return SetNonNegativeRate(&a.options.schedule.burst.rps, v);
     }},
    {"--burst-start", "", "DURATION", "burst: start of the first window (0)",
     [](RunArguments& a, std::string_view v) {
       Result<std::chrono::nanoseconds> start = limits::ParseRunOffset(v);
       if (!start) return Status(start.error());
       a.options.schedule.burst.start = *start;
       return Status::Ok();
     }},
    {"--burst-length", "", "DURATION", "burst: length of each window",
     [](RunArguments& a, std::string_view v) {
       return SetRunLength(&a.options.schedule.burst.length, v);
     }},
    {"--burst-every", "", "DURATION", "burst: window period (one window when unset)",
     [](RunArguments& a, std::string_view v) {
       return SetRunLength(&a.options.schedule.burst.every, v);
     }},
    {"--seed", "", "N", "poisson: random seed; the same seed gives the same arrivals (1)", SetSeed},
    {"--shard", "", "I/N",
     "send share I of N of the schedule (0-based; job/N: JOB_COMPLETION_INDEX); merge the N "
     "results with slogate merge (0/1)",
     SetShard},
    {"--start-at", "", "TIME",
     "start sending at this UTC time (2026-12-06T22:30:00Z or @UNIX_SECONDS), the same for "
     "every shard; at most 1h ahead (at once)",
     SetStartAt},
    {"--threads", "", "N", "sending threads; 0 = as many as the rate needs (0)",
     [](RunArguments& a, std::string_view v) { return SetThreads(&a.options.threads, v); }},
    {"--timeout", "", "DURATION", "per-request timeout, up to 10m (10s)",
     [](RunArguments& a, std::string_view v) { return SetWait(&a.options.request_timeout, v); }},
    {"--max-queue-wait", "", "DURATION",
     "drop an arrival that waited longer for a slot, up to 10m (10s)",
     [](RunArguments& a, std::string_view v) { return SetWait(&a.options.max_queue_wait, v); }},
    {"--drain-timeout", "", "DURATION",
     "after sending, wait this long for in-flight, up to 10m (10s)",
     [](RunArguments& a, std::string_view v) { return SetWait(&a.options.drain_timeout, v); }},
    // The help's "up to 10ms" is kMaxSpin.
    {"--spin", "", "DURATION",
     "poll instead of sleeping this long before each arrival: sends on time at light load, "
     "for up to a core per thread; up to 10ms (0 = off)",
     SetSpin},
    {"--http", "", "VERSION", "1.1, or 2 (h2 over https; h2c needs libcurl >= 8) (1.1)",
     SetHttpVersion},
    {"--transport", "", "KIND",
     "auto, http1 (the engine frames HTTP/1.1 on libcurl's connections) or curl (a libcurl "
     "transfer per request; HTTP/2 needs it) (auto: http1 for HTTP/1.1)",
     SetTransport},
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
     },
     Kind::kSwitch},
    {"--method", "", "METHOD", "HTTP method (POST)",
     [](RunArguments& a, std::string_view v) { return SetText(&a.options.request.method, v); }},
    {"--body", "", "TEXT", "request body instead of the seed payload; {{uuid}} = fresh uuid4",
     [](RunArguments& a, std::string_view v) { return SetText(&a.options.request.body, v); }},
    {"--header", "", "'NAME: VALUE'", "extra request header (repeatable)", AddHeader},
    {"--ok-status", "", "LIST", "statuses that count as OK, comma-separated (200)", SetOkStatuses},
    {"--no-event-ids", "", "", "do not keep the event_id of responses",
     [](RunArguments& a, std::string_view) {
       a.options.capture_event_ids = false;
       return Status::Ok();
     },
     Kind::kSwitch},
    {"--profile", "", "NAME",
     "send a profile file's profile as the suite does (schedule, cap, request); for shares",
     [](RunArguments& a, std::string_view value) { return SetText(&a.profile, value); }},
    {"--endpoint", "", "NAME", "with --profile: the endpoint (the profile's first)",
     [](RunArguments& a, std::string_view value) { return SetText(&a.endpoint, value); }},
    {"--slo-profiles", "", "FILE",
     "with --profile: the profile file (else SLO_PROFILES, else the default one)",
     [](RunArguments& a, std::string_view value) { return SetText(&a.profiles_file, value); }},
    {"--out", "", "FILE", "also write the full result JSON (for merge)",
     [](RunArguments& a, std::string_view v) { return SetText(&a.out_path, v); }},
    {"--json", "", "", "print the JSON summary on a terminal too (pipes and files get it anyway)",
     [](RunArguments& a, std::string_view) {
       a.json = true;
       return Status::Ok();
     },
     Kind::kSwitch},
};

}  // namespace

options::CommandSpec RunSpec(RunArguments& arguments) {
  options::CommandSpec spec{
      .program = "slogate run",
      .synopsis = "[options]",
      .description =
          "Sends an open-loop load to TARGET_URL + TARGET_PATH. On a terminal it shows its "
          "progress\nand then a summary with the latency spectrum; piped (or with --json) it "
          "prints the JSON\nsummary instead. Exits 1 when no request succeeded. The request "
          "path is TARGET_PATH:\nPATH is the shell's search path and is never read.\n"};
  for (const Row& row : kRows) {
    spec.options.push_back(Option{
        .flag = row.flag,
        .env = row.env,
        .value_name = row.value_name,
        .kind = row.kind,
        .help = row.help,
        .set = [&arguments, apply = row.apply](std::string_view v) { return apply(arguments, v); },
        .secret = row.secret});
  }
  return spec;
}

Result<RunArguments> ParseRunArguments(std::span<const std::string_view> args,
                                       const EnvironmentLookup& environment) {
  RunArguments arguments;
  const options::CommandSpec spec = RunSpec(arguments);
  Result<options::Parsed> parsed = options::Parse(spec, args, environment);
  if (!parsed) return parsed.error();
  arguments.outcome = parsed->outcome;
  if (arguments.outcome != options::Outcome::kRun) return arguments;
  if (arguments.shard_from_job) {
    Result<int> index = ShardIndexFromJob(arguments.options.shard.count, environment);
    if (!index) return index.error();
    arguments.options.shard.index = *index;
  }
  if (Status status = arguments.options.Validate(); !status) return status.error();
  return arguments;
}

Result<ShardArgument> ParseShardArgument(std::string_view value) {
  const size_t slash = value.find('/');
  const auto fail = [value] {
    return Invalid(QuoteForMessage(value) + " is not a share: expected I/N (share I of N, " +
                   "0-based, N up to " + std::to_string(kMaxShards) +
                   "), or job/N for an Indexed Job's JOB_COMPLETION_INDEX");
  };
  if (slash == std::string_view::npos) return fail().error();
  const std::optional<int> count = ShareNumber(value.substr(slash + 1), kMaxShards + 1);
  if (!count || *count < 1) return fail().error();
  ShardArgument shard;
  shard.spec.count = *count;
  shard.from_job = value.substr(0, slash) == "job";
  if (shard.from_job) return shard;
  const std::optional<int> index = ShareNumber(value.substr(0, slash), *count);
  if (!index) return fail().error();
  shard.spec.index = *index;
  return shard;
}

Result<int> ShardIndexFromJob(int count, const EnvironmentLookup& env) {
  const std::optional<std::string> given = env("JOB_COMPLETION_INDEX");
  if (!given || given->empty()) {
    return Invalid("--shard=job/" + std::to_string(count) +
                   " needs JOB_COMPLETION_INDEX, which Kubernetes sets in an Indexed Job's pods; "
                   "it is not set (outside one, give the share as I/N)")
        .error();
  }
  if (!ShareNumber(*given, std::numeric_limits<int>::max())) {
    return Invalid("JOB_COMPLETION_INDEX " + QuoteForMessage(*given) +
                   " is not a whole number (Kubernetes sets 0, 1, 2, ...)")
        .error();
  }
  const std::optional<int> index = ShareNumber(*given, count);
  if (!index) {
    return Invalid("JOB_COMPLETION_INDEX " + QuoteForMessage(*given) + " is not a share of " +
                   std::to_string(count) + " (0.." + std::to_string(count - 1) +
                   "): the Job's completions and --shard's N must be the same")
        .error();
  }
  return *index;
}

std::string RunUsage() {
  RunArguments unused;
  return options::Usage(RunSpec(unused));
}

}  // namespace slogate::load
