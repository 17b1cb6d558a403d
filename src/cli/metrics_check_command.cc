// `slogate metrics check [FILE|-] [--openmetrics] [--json]`: validates an exposition like
// `promtool check metrics`. Exit 0 when valid (warnings go to stderr), 1 when invalid with
// "FILE:line:column: message" on stderr, 2 on a usage error or an unreadable file.
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "command.h"
#include "slogate/common/file_text.h"
#include "slogate/promtext/parser.h"
#include "slogate/promtext/snapshot_json.h"

namespace slogate::cli {
namespace {

struct CheckOptions {
  std::string path = "-";
  promtext::Format format = promtext::Format::kPrometheusText004;
  bool json = false;
};

options::CommandSpec CheckSpec(CheckOptions& check) {
  options::CommandSpec spec{
      .program = "slogate metrics check",
      .synopsis = "[FILE|-] [--openmetrics] [--json]",
      .description =
          "Validates a Prometheus exposition read from FILE, or from stdin when FILE is '-' or\n"
          "absent. Exit status: 0 valid, 1 invalid (FILE:line:column: message on stderr), 2 "
          "usage.\n"};
  spec.takes_positionals = true;
  spec.options = {
      {.flag = "--openmetrics",
       .kind = options::Kind::kSwitch,
       .help = "parse as OpenMetrics 1.0 text (default: text format 0.0.4)",
       .set =
           [&check](std::string_view) {
             check.format = promtext::Format::kOpenMetrics100;
             return Status::Ok();
           }},
      {.flag = "--json",
       .kind = options::Kind::kSwitch,
       .help = "print the parsed families as JSON on stdout",
       .set =
           [&check](std::string_view) {
             check.json = true;
             return Status::Ok();
           }},
  };
  return spec;
}

int RunMetricsCheck(std::span<char* const> args) {
  CheckOptions check;
  const options::CommandSpec spec = CheckSpec(check);
  std::vector<std::string> files;
  if (std::optional<int> status = ParseCommandLine(spec, args, &files)) return *status;
  if (files.size() > 1) {
    return UsageError(spec, "only one FILE may be given ('" + files[1] + "')");
  }
  if (!files.empty()) check.path = files.front();
  const std::string shown = check.path == "-" ? "<stdin>" : check.path;
  Result<std::string> text = ReadFileOrStdin(check.path);
  if (!text.ok()) {
    std::fprintf(stderr, "slogate metrics check: %s\n", text.error().message.c_str());
    return 2;
  }
  // The snapshot keeps the text it was parsed from: hand the buffer over instead of a copy.
  const Result<promtext::Snapshot> snapshot = promtext::ParseOwned(std::move(*text), check.format);
  if (!snapshot.ok()) {
    std::fprintf(stderr, "%s:%s\n", shown.c_str(), snapshot.error().ToString().c_str());
    return 1;
  }
  for (const promtext::Warning& warning : snapshot->warnings) {
    std::fprintf(stderr, "%s:%d:%d: warning: %s\n", shown.c_str(), warning.line, warning.column,
                 warning.message.c_str());
  }
  if (check.json) std::cout << promtext::SnapshotToJson(*snapshot).dump(2) << '\n';
  return 0;
}

}  // namespace

SLOGATE_REGISTER_COMMAND("metrics check", "validate a metrics exposition (like promtool)",
                         RunMetricsCheck);

}  // namespace slogate::cli
