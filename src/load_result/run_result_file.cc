// ReadRunResultFile: the file edge of the shard format (used by `slogate merge`).
#include <string>

#include "slogate/common/file_text.h"
#include "slogate/common/json_text.h"
#include "slogate/load/run_result_json.h"

namespace slogate::load {

Result<RunResult> ReadRunResultFile(const std::filesystem::path& path) {
  Result<std::string> text = ReadFileText(path.string());
  if (!text.ok()) return text.error();
  Result<nlohmann::json> document = ParseJsonText(*text, path.string());
  if (!document.ok()) return document.error();
  auto run = RunResultFromJson(*document);
  if (!run.ok()) {
    Error error = run.error();
    error.message = path.string() + ": " + error.message;
    return error;
  }
  return run;
}

}  // namespace slogate::load
