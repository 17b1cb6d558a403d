#include "profile_load.h"

#include <algorithm>
#include <array>
#include <string>

#include "profile_flags.h"
#include "slogate/config/loader.h"
#include "slogate/suite/load_plan.h"

namespace slogate::cli {
namespace {

// What a profile, its endpoint and the suite decide: given as flags too, the shares would not
// be one run (the suite sends with the default timeouts, over HTTP/1.1, keeping event ids).
constexpr std::array<std::string_view, 24> kDecidedByTheProfile = {
    "--rps",           "--duration",     "--concurrency",
    "--schedule",      "--ramp-from",    "--burst-rps",
    "--burst-start",   "--burst-length", "--burst-every",
    "--seed",          "--target-path",  "--method",
    "--body",          "--ok-status",    "--message",
    "--tenant",        "--persona-id",   "--jwt",
    "--header",        "--timeout",      "--max-queue-wait",
    "--drain-timeout", "--http",         "--no-event-ids"};

// Whether `arg` is `flag`, alone or as "flag=value".
bool IsFlag(std::string_view arg, std::string_view flag) {
  return arg == flag || (arg.starts_with(flag) && arg.substr(flag.size()).starts_with("="));
}

bool GivesFlag(std::span<const std::string_view> args, std::string_view flag) {
  return std::any_of(args.begin(), args.end(),
                     [flag](std::string_view arg) { return IsFlag(arg, flag); });
}

Status RefuseWhatTheProfileDecides(std::span<const std::string_view> args) {
  for (std::string_view arg : args) {
    for (std::string_view flag : kDecidedByTheProfile) {
      if (IsFlag(arg, flag)) {
        return MakeError("bad_argument", std::string(flag) +
                                             " with --profile: the profile decides it, so that "
                                             "every share sends the suite's load (set it in the "
                                             "profile file, or as the suite reads it)");
      }
    }
  }
  return Status::Ok();
}

}  // namespace

Result<load::LoadOptions> ProfileLoadOptions(const load::RunArguments& arguments,
                                             std::span<const std::string_view> args,
                                             const options::EnvLookup& env) {
  if (Status refused = RefuseWhatTheProfileDecides(args); !refused.ok()) return refused.error();
  Result<config::Config> config = config::LoadConfig(env, arguments.profiles_file, {});
  if (!config) return config.error();
  // A share sends to the suite's target: never to the default address by omission.
  if (config->target.url.empty() && !GivesFlag(args, "--target-url")) {
    return MakeError("bad_argument",
                     "--profile: the target is TARGET_URL (or --target-url), as "
                     "the suite's; it is not set");
  }
  Result<const config::LoadProfile*> profile = NamedProfile(*config, arguments.profile);
  if (!profile) return profile.error();
  // As the suite chooses it: --endpoint, else SLO_ENDPOINT, else the profile's first.
  const std::string endpoint_name =
      arguments.endpoint.empty() ? env("SLO_ENDPOINT").value_or("") : arguments.endpoint;
  const std::vector<const config::Endpoint*> endpoints = config->EndpointsFor(**profile);
  const config::Endpoint* endpoint =
      endpoint_name.empty() ? endpoints.front() : config->FindEndpoint(endpoint_name);
  if (endpoint == nullptr) {
    return MakeError("bad_argument", "--endpoint / SLO_ENDPOINT: no endpoint \"" + endpoint_name +
                                         "\" in " + config->profiles_file);
  }
  Result<load::LoadOptions> made =
      suite::MakeLoadOptions(*config, **profile, *endpoint, arguments.options.target_url);
  if (!made) return made.error();
  const load::LoadOptions& parsed = arguments.options;
  // How this process sends, not what: free to differ between shares.
  made->threads = parsed.threads;
  made->transport = parsed.transport;
  made->spin = parsed.spin;
  made->tls = parsed.tls;
  // The transport as the suite reads it, when no flag names one.
  if (const std::optional<std::string> variable = env("SLO_TRANSPORT");
      !GivesFlag(args, "--transport") && variable && !variable->empty()) {
    Result<load::TransportChoice> choice = load::ParseTransportChoice(*variable);
    if (!choice) return MakeError("bad_argument", "SLO_TRANSPORT: " + choice.error().message);
    made->transport = *choice;
  }
  if (Status share = load::TakeShare(*made, parsed.shard, parsed.start_at); !share.ok()) {
    return share.error();
  }
  if (Status valid = made->Validate(); !valid.ok()) return valid.error();
  return made;
}

}  // namespace slogate::cli
