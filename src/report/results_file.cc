// ReadResultsFile: a results file from disk, with errors that start with the file's name.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "slogate/common/json_text.h"
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
  Result<nlohmann::json> json = ParseJsonText(content.str(), name);
  if (!json.ok()) return json.error();
  Result<ResultsDocument> document = ReadResults(*json);
  if (!document.ok()) {
    return MakeError(document.error().code, name + ": " + document.error().message);
  }
  return document;
}

}  // namespace slogate::report
