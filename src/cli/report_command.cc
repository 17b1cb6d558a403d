// `slogate report RESULTS.json [-o FILE] [--format html|console|json] [--push URL ...]`:
// renders a results file written by the suite (or by an earlier `slogate report`) in one of
// the report formats, and optionally pushes its key figures to a Pushgateway. Exit 0 on
// success, 1 when the file is unreadable/invalid or an output failed, 2 on a usage error.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "command.h"
#include "slogate/common/load_limits.h"
#include "slogate/common/log.h"
#include "slogate/report/console_reporter.h"
#include "slogate/report/html_reporter.h"
#include "slogate/report/json_results.h"
#include "slogate/report/pushgateway_reporter.h"

namespace slogate::cli {
namespace {

enum class Format { kHtml, kConsole, kJson };

struct ReportFlags {
  std::string results;
  std::string output;            // empty: stdout
  std::optional<Format> format;  // unset: FormatFor below
  std::optional<std::string> push_url;
  std::string job = "slogate";
  std::optional<std::string> instance;
};

options::Setter Text(std::string* field) {
  return [field](std::string_view value) {
    *field = value;
    return Status::Ok();
  };
}

options::Setter OptionalText(std::optional<std::string>* field) {
  return [field](std::string_view value) {
    *field = std::string(value);
    return Status::Ok();
  };
}

options::CommandSpec ReportSpec(ReportFlags& flags) {
  options::CommandSpec spec{
      .program = "slogate report",
      .synopsis =
          "RESULTS.json [-o FILE] [--format html|console|json]\n"
          "                      [--push URL [--job NAME] [--instance NAME]]",
      .description = "Renders a JSON results file. Writes to stdout unless -o is given.\n"};
  spec.takes_positionals = true;
  spec.options = {
      {.flag = "--output",
       .value_name = "FILE",
       .help = "write the report to FILE",
       .set = Text(&flags.output),
       .alias = "-o"},
      {.flag = "--format",
       .value_name = "FORMAT",
       .help = "html, console (the verdict table) or json (re-validated, redacted); default: "
               "html into -o FILE or a pipe, console on a terminal",
       .set = [&flags](std::string_view value) -> Status {
         if (value == "html") {
           flags.format = Format::kHtml;
         } else if (value == "console") {
           flags.format = Format::kConsole;
         } else if (value == "json") {
           flags.format = Format::kJson;
         } else {
           return MakeError("bad_flag", "unknown --format '" + std::string(value) +
                                            "' (expected html, console or json)");
         }
         return Status::Ok();
       }},
      {.flag = "--push",
       .value_name = "URL",
       .help = "also push the key figures to the Pushgateway at URL",
       .set = [&flags](std::string_view value) -> Status {
         if (Status valid = limits::CheckHttpUrl(value); !valid.ok()) return valid;
         flags.push_url = std::string(value);
         return Status::Ok();
       }},
      {.flag = "--job",
       .value_name = "NAME",
       .help = "Pushgateway job (slogate)",
       .set = Text(&flags.job)},
      {.flag = "--instance",
       .value_name = "NAME",
       .help = "Pushgateway instance (default: the results' host)",
       .set = OptionalText(&flags.instance)},
  };
  return spec;
}

// Unless --format says: HTML into a file or a pipe (`> report.html`, with --push too), the
// table on a terminal, which a page of HTML would only flood.
Format FormatFor(const ReportFlags& flags) {
  if (flags.format) return *flags.format;
  if (flags.output.empty() && isatty(STDOUT_FILENO) == 1) return Format::kConsole;
  return Format::kHtml;
}

std::unique_ptr<report::Reporter> MakeFileReporter(Format format, std::ostream& out, bool tty) {
  switch (format) {
    case Format::kHtml:
      return std::make_unique<report::HtmlReporter>(out);
    case Format::kJson:
      return std::make_unique<report::JsonReporter>(out);
    case Format::kConsole:
      return std::make_unique<report::ConsoleReporter>(
          out, report::ConsoleOptions{.color = tty && report::ShouldUseColor(STDOUT_FILENO)});
  }
  return nullptr;
}

int RunReport(std::span<char* const> args) {
  ReportFlags parsed;
  const options::CommandSpec spec = ReportSpec(parsed);
  std::vector<std::string> files;
  if (std::optional<int> status = ParseCommandLine(spec, args, &files)) return *status;
  if (files.empty()) return UsageError(spec, "no results file given");
  if (files.size() > 1) {
    return UsageError(
        spec, "one results file at a time ('" + files[0] + "' and '" + files[1] + "' given)");
  }
  parsed.results = files.front();
  ReportFlags* flags = &parsed;
  Result<report::ResultsDocument> document = report::ReadResultsFile(flags->results);
  if (!document.ok()) {
    log::Error("slogate report: " + document.error().message);
    return 1;
  }
  std::ofstream file;
  if (!flags->output.empty()) {
    file.open(flags->output, std::ios::binary | std::ios::trunc);
    if (!file) {
      log::Error("slogate report: cannot write " + flags->output + ": " + std::strerror(errno));
      return 1;
    }
  }
  std::ostream& out = flags->output.empty() ? std::cout : file;
  std::vector<std::unique_ptr<report::Reporter>> owned;
  owned.push_back(MakeFileReporter(FormatFor(*flags), out, flags->output.empty()));
  if (flags->push_url) {
    const report::PushgatewayOptions push{*flags->push_url, flags->job,
                                          flags->instance.value_or(document->context.host),
                                          std::chrono::milliseconds(5000)};
    owned.push_back(std::make_unique<report::PushgatewayReporter>(push));
  }
  std::vector<report::Reporter*> reporters;
  for (const auto& reporter : owned) reporters.push_back(reporter.get());
  const Status status = report::ReportAll(*document, reporters);
  if (!status.ok()) {
    log::Error("slogate report: " + status.error().message +
               (flags->output.empty() ? "" : " (output " + flags->output + ")"));
    return 1;
  }
  return 0;
}

}  // namespace

SLOGATE_REGISTER_COMMAND("report", "render a JSON results file as HTML, a console table or JSON",
                         RunReport);

}  // namespace slogate::cli
