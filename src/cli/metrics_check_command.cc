// `slogate metrics check [FILE|-] [--openmetrics] [--json]`: validates an exposition like
// `promtool check metrics`. Exit 0 when valid (warnings go to stderr), 1 when invalid with
// "FILE:line:column: message" on stderr, 2 on a usage error or an unreadable file.
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "command.h"
#include "slogate/common/huge_pages.h"
#include "slogate/promtext/parser.h"
#include "slogate/promtext/snapshot_json.h"

namespace slogate::cli {
namespace {

constexpr std::string_view kUsage =
    "usage: slogate metrics check [FILE|-] [--openmetrics] [--json]\n"
    "\n"
    "Validates a Prometheus exposition read from FILE, or from stdin when FILE is '-' or\n"
    "absent. Exit status: 0 valid, 1 invalid (FILE:line:column: message on stderr), 2 usage.\n"
    "\n"
    "  --openmetrics  parse as OpenMetrics 1.0 text (default: text format 0.0.4)\n"
    "  --json         print the parsed families as JSON on stdout\n";

struct CheckOptions {
  std::string path = "-";
  promtext::Format format = promtext::Format::kPrometheusText004;
  bool json = false;
};

// Parses the flags; prints the problem and returns nullopt on a usage error.
std::optional<CheckOptions> ParseOptions(std::span<char* const> args, bool* help) {
  CheckOptions options;
  bool have_path = false;
  for (const char* raw : args) {
    const std::string_view arg = raw;
    if (arg == "--help" || arg == "-h") {
      *help = true;
      return options;
    }
    if (arg == "--openmetrics") {
      options.format = promtext::Format::kOpenMetrics100;
    } else if (arg == "--json") {
      options.json = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      std::fprintf(stderr, "slogate metrics check: unknown option '%s'\n\n%s", raw, kUsage.data());
      return std::nullopt;
    } else if (have_path) {
      std::fprintf(stderr, "slogate metrics check: only one FILE may be given ('%s')\n\n%s", raw,
                   kUsage.data());
      return std::nullopt;
    } else {
      options.path = arg;
      have_path = true;
    }
  }
  return options;
}

// Reads all of `path` ("-" for stdin) in large blocks; iostreams are several times slower here
// than the parse itself on a 10 MB exposition. A regular file (stdin redirected from one, too)
// is read in one block of its size: growing the buffer block by block would copy the text
// several times and touch about three times its size in fresh pages.
std::optional<std::string> ReadInput(const std::string& path) {
  std::FILE* file = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (file == nullptr) return std::nullopt;
  size_t block = size_t{1} << 20;
  struct stat info {};
  if (fstat(fileno(file), &info) == 0 && S_ISREG(info.st_mode)) {
    // One more byte than the file holds, so that the first read already reaches the end.
    block = std::max(block, static_cast<size_t>(info.st_size) + 1);
  }
  std::string text;
  text.reserve(block);
  AdviseHugePages(text.data(), block);
  size_t used = 0;
  while (true) {
    text.resize(used + block);
    const size_t got = std::fread(text.data() + used, 1, block, file);
    used += got;
    if (got < block) break;
  }
  const bool failed = std::ferror(file) != 0;
  if (file != stdin) std::fclose(file);
  if (failed) return std::nullopt;
  text.resize(used);
  return text;
}

int RunMetricsCheck(std::span<char* const> args) {
  bool help = false;
  const std::optional<CheckOptions> options = ParseOptions(args, &help);
  if (help) {
    std::fputs(kUsage.data(), stdout);
    return 0;
  }
  if (!options) return 2;
  const std::string shown = options->path == "-" ? "<stdin>" : options->path;
  std::optional<std::string> text = ReadInput(options->path);
  if (!text) {
    std::fprintf(stderr, "slogate metrics check: cannot read '%s'\n", shown.c_str());
    return 2;
  }
  // The snapshot keeps the text it was parsed from: hand the buffer over instead of a copy.
  const Result<promtext::Snapshot> snapshot =
      promtext::ParseOwned(std::move(*text), options->format);
  if (!snapshot.ok()) {
    std::fprintf(stderr, "%s:%s\n", shown.c_str(), snapshot.error().ToString().c_str());
    return 1;
  }
  for (const promtext::Warning& warning : snapshot->warnings) {
    std::fprintf(stderr, "%s:%d:%d: warning: %s\n", shown.c_str(), warning.line, warning.column,
                 warning.message.c_str());
  }
  if (options->json) std::cout << promtext::SnapshotToJson(*snapshot).dump(2) << '\n';
  return 0;
}

}  // namespace

SLOGATE_REGISTER_COMMAND("metrics check", "validate a metrics exposition (like promtool)",
                         RunMetricsCheck);

}  // namespace slogate::cli
