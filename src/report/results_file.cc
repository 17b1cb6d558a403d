// ReadResultsFile: a results file from disk, with errors that start with the file's name.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "slogate/common/text_position.h"
#include "slogate/report/json_results.h"

namespace slogate::report {

Result<ResultsDocument> ReadResultsFile(const std::filesystem::path& path) {
  const std::string name = path.string();
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return MakeError("unreadable_file", name + ": cannot read: " + std::strerror(errno));
  }
  std::ostringstream content;
  content << file.rdbuf();
  const std::string text = content.str();
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    const auto [line, column] = LineAndColumnBefore(text, error.byte);
    // nlohmann's what() starts with "[json.exception.parse_error.101] parse error at ...".
    std::string detail = error.what();
    if (const size_t colon = detail.find("]: "); colon != std::string::npos) {
      detail = detail.substr(colon + 3);
    } else if (const size_t bracket = detail.find("] "); bracket != std::string::npos) {
      detail = detail.substr(bracket + 2);
    }
    return MakeError("bad_json",
                     name + ":" + std::to_string(line) + ":" + std::to_string(column) +
                         ": not valid JSON: " + detail);
  }
  Result<ResultsDocument> document = ReadResults(json);
  if (!document.ok()) {
    return MakeError(document.error().code, name + ": " + document.error().message);
  }
  return document;
}

}  // namespace slogate::report
