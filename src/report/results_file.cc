// ReadResultsFile: a results file from disk, with errors that start with the file's name.
#include <string>

#include "slogate/common/file_text.h"
#include "slogate/common/json_text.h"
#include "slogate/report/json_results.h"

namespace slogate::report {

Result<ResultsDocument> ReadResultsFile(const std::filesystem::path& path) {
  const std::string name = path.string();
  Result<std::string> content = ReadFileText(name);
  if (!content.ok()) return content.error();
  Result<nlohmann::json> json = ParseJsonText(*content, name);
  if (!json.ok()) return json.error();
  Result<ResultsDocument> document = ReadResults(*json);
  if (!document.ok()) {
    return MakeError(document.error().code, name + ": " + document.error().message);
  }
  return document;
}

}  // namespace slogate::report
