// `slogate run [options]`: one open-loop load run. On a terminal, a summary for people with the
// latency spectrum; piped or with --json, the seed-compatible JSON summary. Exit 0 when the run
// happened and some request succeeded (its errors are data in the summary), 1 when it could not
// start, no request succeeded or --out could not be written, 2 on a usage error.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "command.h"
#include "profile_load.h"
#include "slogate/common/log.h"
#include "slogate/load/engine.h"
#include "slogate/load/run_arguments.h"
#include "slogate/load/run_result_json.h"
#include "slogate/load/stop_signals.h"
#include "slogate/report/redact.h"
#include "slogate/report/run_lines.h"
#include "slogate/report/run_summary_text.h"
#include "slogate/report/seed_summary.h"

namespace slogate::cli {
namespace {

// For people, on stderr (stdout carries the JSON): latency by outcome, why requests failed, and
// what of the acknowledged writes can be audited.
void PrintCauses(const load::RunResult& result) {
  for (const std::string& line : {report::LatencySplitLine(result), report::ErrorCausesLine(result),
                                  report::AcknowledgedLine(result)}) {
    if (!line.empty()) std::fprintf(stderr, "slogate run: %s\n", report::RedactText(line).c_str());
  }
}

// Why a run had no OK response: the failures when there were some, and what else happened to
// the requests ("20 still in flight at the end", "5 arrivals dropped").
std::string NothingSucceededCauses(const load::RunResult& result) {
  std::vector<std::string> parts;
  if (const std::string errors = report::ErrorCausesLine(result); !errors.empty()) {
    parts.push_back(errors);
  }
  if (result.abandoned_in_flight > 0) {
    parts.push_back(std::to_string(result.abandoned_in_flight) + " still in flight at the end");
  }
  if (result.dropped > 0) parts.push_back(std::to_string(result.dropped) + " arrivals dropped");
  if (result.sent == 0) parts.push_back("none was sent");
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : "; ") + part;
  return text.empty() ? std::to_string(result.sent) + " sent" : text;
}

// Written beside `path` and renamed into place: a reader that waits for the file (share 0 of a
// split run) sees it whole or not at all.
bool WriteResult(const std::string& path, const load::RunResult& result) {
  const std::filesystem::path target(path);
  std::error_code kind;
  const auto status = std::filesystem::symlink_status(target, kind);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    // /dev/stdout, a pipe, a symlink: written through, never replaced.
    std::ofstream out(path, std::ios::trunc);
    out << report::RedactSecrets(load::ToJson(result)).dump() << '\n';
    out.close();
    if (out) return true;
    log::Error("slogate run: cannot write the result to \"" + path + "\"");
    return false;
  }
  const std::filesystem::path partial =
      target.parent_path() / ("." + target.filename().string() + ".partial");
  std::ofstream out(partial, std::ios::trunc);
  out << report::RedactSecrets(load::ToJson(result)).dump() << '\n';
  out.close();
  std::error_code renamed;
  if (out) std::filesystem::rename(partial, target, renamed);
  if (!out || renamed) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    log::Error("slogate run: cannot write the result to \"" + path + "\"");
    return false;
  }
  return true;
}

int Run(std::span<char* const> raw_args) {
  const std::vector<std::string_view> args(raw_args.begin(), raw_args.end());
  Result<load::RunArguments> arguments =
      load::ParseRunArguments(args, options::ProcessEnvironment());
  if (!arguments) {
    std::fprintf(stderr, "slogate run: %s\n", arguments.error().message.c_str());
    return 2;
  }
  if (arguments->outcome == options::Outcome::kHelp) {
    std::fputs(load::RunUsage().c_str(), stdout);
    return 0;
  }
  if (arguments->outcome == options::Outcome::kVersion) {
    std::puts(options::VersionLine("slogate").c_str());
    return 0;
  }
  if (arguments->profile.empty() &&
      (!arguments->endpoint.empty() || !arguments->profiles_file.empty())) {
    std::fprintf(stderr, "slogate run: --endpoint and --slo-profiles only go with --profile\n");
    return 2;
  }
  if (!arguments->profile.empty()) {
    Result<load::LoadOptions> options =
        ProfileLoadOptions(*arguments, args, options::ProcessEnvironment());
    if (!options) {
      std::fprintf(stderr, "slogate run: %s\n", options.error().message.c_str());
      return 2;
    }
    arguments->options = std::move(*options);
  }
  const bool tty = isatty(STDERR_FILENO) == 1;
  load::StopOnSignals signals;
  load::RunHooks hooks;
  hooks.stop = &signals.stop_requested();
  if (tty) {
    hooks.on_progress = [](const load::Progress& progress) {
      report::OverwriteProgressLine(stderr, progress);
    };
  }
  Result<load::RunResult> result = load::RunLoad(arguments->options, hooks);
  if (tty) std::fputc('\n', stderr);
  if (!result) {
    std::fprintf(stderr, "slogate run: %s\n", report::RedactText(result.error().message).c_str());
    return 1;
  }
  // A target may echo the token (as an event_id, in an error): every output is redacted.
  if (arguments->json || isatty(STDOUT_FILENO) != 1) {
    // The terminal summary says it itself.
    if (result->interrupted) {
      log::Warn("slogate run: stopped by a signal; the summary covers what was sent");
    }
    PrintCauses(*result);
    std::fputs((report::RedactSecrets(report::SeedSummary(*result)).dump(2) + "\n").c_str(),
               stdout);
  } else {
    std::fputs(report::RedactText(report::RunSummaryText(*result)).c_str(), stdout);
  }
  std::fflush(stdout);
  if (!arguments->out_path.empty() && !WriteResult(arguments->out_path, *result)) return 1;
  if (result->ok == 0) {
    // A run in which nothing succeeded measured no target: CI must not read it as a pass.
    std::fprintf(stderr, "slogate run: no request succeeded (%s)\n",
                 report::RedactText(NothingSucceededCauses(*result)).c_str());
    return 1;
  }
  return 0;
}

}  // namespace

SLOGATE_REGISTER_COMMAND("run", "send an open-loop load; a summary on a terminal, JSON when piped",
                         Run);

}  // namespace slogate::cli
