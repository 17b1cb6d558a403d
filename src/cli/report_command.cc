// `slogate report RESULTS.json [-o FILE] [--format html|console|json] [--push URL ...]`:
// renders a results file written by the suite (or by an earlier `slogate report`) in one of
// the report formats, and optionally pushes its key figures to a Pushgateway. Exit 0 on
// success, 1 when the file is unreadable/invalid or an output failed, 2 on a usage error.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "command.h"
#include "slogate/common/log.h"
#include "slogate/report/console_reporter.h"
#include "slogate/report/html_reporter.h"
#include "slogate/report/json_results.h"
#include "slogate/report/pushgateway_reporter.h"

namespace slogate::cli {
namespace {

constexpr std::string_view kUsage =
    "usage: slogate report RESULTS.json [-o FILE] [--format html|console|json]\n"
    "                      [--push URL [--job NAME] [--instance NAME]]\n"
    "\n"
    "Renders a JSON results file. Writes to stdout unless -o is given.\n"
    "\n"
    "  -o, --output FILE   write the report to FILE\n"
    "  --format FORMAT     html (default), console (the verdict table) or json (the results\n"
    "                      file again, re-validated and redacted)\n"
    "  --push URL          also push the key figures to the Pushgateway at URL\n"
    "  --job NAME          Pushgateway job (default slogate)\n"
    "  --instance NAME     Pushgateway instance (default: the results' host)\n";

enum class Format { kHtml, kConsole, kJson };

struct ReportFlags {
  std::string results;
  std::string output;  // empty: stdout
  Format format = Format::kHtml;
  std::optional<report::PushgatewayOptions> push;
  std::optional<std::string> instance;
};

void UsageError(const std::string& problem) {
  std::fprintf(stderr, "slogate report: %s\n\n%.*s", problem.c_str(),
               static_cast<int>(kUsage.size()), kUsage.data());
}

std::optional<Format> ParseFormat(std::string_view text) {
  if (text == "html") return Format::kHtml;
  if (text == "console") return Format::kConsole;
  if (text == "json") return Format::kJson;
  return std::nullopt;
}

// Parses the arguments; prints the problem and returns nullopt on a usage error.
std::optional<ReportFlags> ParseFlags(std::span<char* const> args, bool* help) {
  ReportFlags flags;
  std::string job = "slogate";
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "--help" || arg == "-h") {
      *help = true;
      return flags;
    }
    const bool takes_value = arg == "-o" || arg == "--output" || arg == "--format" ||
                             arg == "--push" || arg == "--job" || arg == "--instance";
    if (takes_value && i + 1 >= args.size()) {
      UsageError(std::string(arg) + " needs a value");
      return std::nullopt;
    }
    if (arg == "-o" || arg == "--output") {
      flags.output = args[++i];
    } else if (arg == "--format") {
      const std::optional<Format> format = ParseFormat(args[++i]);
      if (!format) {
        UsageError("unknown --format '" + std::string(args[i]) + "' (expected html, console or json)");
        return std::nullopt;
      }
      flags.format = *format;
    } else if (arg == "--push") {
      flags.push = report::PushgatewayOptions{args[++i], "", "", std::chrono::milliseconds(5000)};
    } else if (arg == "--job") {
      job = args[++i];
    } else if (arg == "--instance") {
      flags.instance = args[++i];
    } else if (arg.size() > 1 && arg[0] == '-') {
      UsageError("unknown option '" + std::string(arg) + "'");
      return std::nullopt;
    } else if (flags.results.empty()) {
      flags.results = arg;
    } else {
      UsageError("one results file at a time ('" + flags.results + "' and '" + std::string(arg) + "' given)");
      return std::nullopt;
    }
  }
  if (flags.results.empty()) {
    UsageError("no results file given");
    return std::nullopt;
  }
  if (flags.push) flags.push->job = job;
  return flags;
}

std::unique_ptr<report::Reporter> MakeFileReporter(Format format, std::ostream& out, bool tty) {
  switch (format) {
    case Format::kHtml: return std::make_unique<report::HtmlReporter>(out);
    case Format::kJson: return std::make_unique<report::JsonReporter>(out);
    case Format::kConsole:
      return std::make_unique<report::ConsoleReporter>(
          out, report::ConsoleOptions{.color = tty && report::ShouldUseColor(STDOUT_FILENO)});
  }
  return nullptr;
}

int RunReport(std::span<char* const> args) {
  bool help = false;
  std::optional<ReportFlags> flags = ParseFlags(args, &help);
  if (help) {
    std::cout << kUsage;
    return 0;
  }
  if (!flags) return 2;
  Result<report::ResultsDocument> document = report::ReadResultsFile(flags->results);
  if (!document.ok()) {
    log::Error("slogate report: " + document.error().message);
    return 1;
  }
  std::ofstream file;
  if (!flags->output.empty()) {
    file.open(flags->output, std::ios::binary | std::ios::trunc);
    if (!file) {
      log::Error("slogate report: cannot write " + flags->output);
      return 1;
    }
  }
  std::ostream& out = flags->output.empty() ? std::cout : file;
  std::vector<std::unique_ptr<report::Reporter>> owned;
  owned.push_back(MakeFileReporter(flags->format, out, flags->output.empty()));
  if (flags->push) {
    flags->push->instance = flags->instance.value_or(document->context.host);
    owned.push_back(std::make_unique<report::PushgatewayReporter>(*flags->push));
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
