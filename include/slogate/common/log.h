// The one logger: diagnostics go to stderr, never stdout (stdout belongs to reporters).
//
// Every registered secret (common/secrets.h) is redacted from each line. Thread-safe: each
// call writes one whole line under a lock.
#pragma once

#include <string_view>

namespace slogate::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

// Lines below this level are dropped. Default kInfo; SLOGATE_LOG=debug|info|warn|error sets it
// at first use.
void SetLevel(Level level);
Level CurrentLevel();

void Debug(std::string_view message);
void Info(std::string_view message);
void Warn(std::string_view message);
void Error(std::string_view message);

}  // namespace slogate::log
