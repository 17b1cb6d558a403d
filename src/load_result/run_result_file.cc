// ReadRunResultFile: the file edge of the shard format (used by `slogate merge`).
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "slogate/common/text_position.h"
#include "slogate/load/run_result_json.h"

namespace slogate::load {

Result<RunResult> ReadRunResultFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return MakeError("unreadable_file", path.string() + ": cannot open: " + std::strerror(errno));
  }
  std::ostringstream buffer;
  buffer << file.rdbuf();
  if (file.bad()) {
    return MakeError("unreadable_file", path.string() + ": read failed: " + std::strerror(errno));
  }
  const std::string text = buffer.str();
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    const auto [line, column] = LineAndColumnBefore(text, error.byte);
    // nlohmann's text is "[json.exception.parse_error.101] parse error at line 3, column 3:
    // syntax error ..."; keep only the part after the position, which we print ourselves.
    std::string detail = error.what();
    if (const size_t position = detail.find(": "); position != std::string::npos) {
      detail.erase(0, position + 2);
    }
    return MakeError("bad_json",
                     path.string() + ":" + std::to_string(line) + ":" + std::to_string(column) +
                         ": not valid JSON: " + detail,
                     line, column);
  }
  auto run = RunResultFromJson(document);
  if (!run.ok()) {
    Error error = run.error();
    error.message = path.string() + ": " + error.message;
    return error;
  }
  return run;
}

}  // namespace slogate::load
