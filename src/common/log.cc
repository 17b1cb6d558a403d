#include "slogate/common/log.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>

#include "slogate/common/quote.h"
#include "slogate/common/secrets.h"

namespace slogate::log {
namespace {

Level LevelFromEnvironment() {
  const char* text = std::getenv("SLOGATE_LOG");
  if (text == nullptr) return Level::kInfo;
  const std::string value(text);
  if (value == "debug") return Level::kDebug;
  if (value == "warn") return Level::kWarn;
  if (value == "error") return Level::kError;
  if (!value.empty() && value != "info") {
    // Said once, at the first line logged; a typo would otherwise hide the debug lines asked for.
    const std::string quoted = QuoteForMessage(value);
    std::fprintf(stderr,
                 "slogate warning: SLOGATE_LOG=%s is not a level (debug, info, warn or error); "
                 "logging at info\n",
                 quoted.c_str());
  }
  return Level::kInfo;
}

std::atomic<Level>& LevelSetting() {
  static std::atomic<Level> level{LevelFromEnvironment()};
  return level;
}

void Write(Level level, std::string_view tag, std::string_view message) {
  if (level < LevelSetting().load(std::memory_order_relaxed)) return;
  // A message may quote what a target sent, and a target may echo the token.
  const std::string redacted = secrets::Redact(message);
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::fprintf(stderr, "slogate %.*s: %.*s\n", static_cast<int>(tag.size()), tag.data(),
               static_cast<int>(redacted.size()), redacted.data());
}

}  // namespace

void SetLevel(Level level) { LevelSetting().store(level); }
Level CurrentLevel() { return LevelSetting().load(); }

void Debug(std::string_view message) { Write(Level::kDebug, "debug", message); }
void Info(std::string_view message) { Write(Level::kInfo, "info", message); }
void Warn(std::string_view message) { Write(Level::kWarn, "warning", message); }
void Error(std::string_view message) { Write(Level::kError, "error", message); }

}  // namespace slogate::log
