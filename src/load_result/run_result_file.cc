// ReadRunResultFile: the file edge of the shard format (used by `slogate merge`).
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "slogate/common/json_text.h"
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
  Result<nlohmann::json> document = ParseJsonText(buffer.str(), path.string());
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
