#include "event_id.h"

#include <cstring>
#include <utility>

#include "slogate/load/repeated_ids.h"

namespace slogate::load {
namespace {

constexpr std::string_view kKey = "\"event_id\"";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;  // uppercase is kept as text so it round-trips unchanged
}

// Parses a lowercase 8-4-4-4-12 UUID into 16 bytes.
bool ParseUuid(std::string_view text, std::array<uint8_t, 16>* bytes) {
  if (text.size() != 36) return false;
  int byte = 0;
  for (size_t i = 0; i < text.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return false;
      ++i;
      continue;
    }
    const int high = HexValue(text[i]);
    const int low = HexValue(text[i + 1]);
    if (high < 0 || low < 0) return false;
    (*bytes)[static_cast<size_t>(byte++)] = static_cast<uint8_t>(high * 16 + low);
    i += 2;
  }
  return true;
}

std::string FormatUuid(const std::array<uint8_t, 16>& bytes) {
  constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) text.push_back('-');
    text.push_back(kHex[bytes[i] >> 4]);
    text.push_back(kHex[bytes[i] & 0xF]);
  }
  return text;
}

}  // namespace

EventIdMatch FindEventId(std::string_view body) {
  for (size_t key = body.find(kKey); key != std::string_view::npos;
       key = body.find(kKey, key + 1)) {
    size_t at = key + kKey.size();
    while (at < body.size() && IsSpace(body[at])) ++at;
    if (at >= body.size() || body[at] != ':') continue;  // "event_id" was a value, not a key
    ++at;
    while (at < body.size() && IsSpace(body[at])) ++at;
    if (at >= body.size() || body[at] != '"') return {};
    const std::string_view value = body.substr(at + 1, kMaxEventIdBytes + 1);
    const size_t end = value.find('"');
    if (end == std::string_view::npos) {
      return {.id = {}, .too_long = value.size() > kMaxEventIdBytes};
    }
    const std::string_view id = value.substr(0, end);
    // Escaped ids are not something a gateway produces; refuse them rather than mangle them.
    if (id.find('\\') != std::string_view::npos || id.empty()) return {};
    return {.id = id, .too_long = false};
  }
  return {};
}

void EventIdLog::Add(std::string_view id) {
  std::array<uint8_t, 16> bytes{};
  if (ParseUuid(id, &bytes)) {
    uuids_.push_back(bytes);
  } else {
    others_.emplace_back(id);
  }
}

std::vector<std::string> EventIdLog::ToStrings() const {
  std::vector<std::string> ids;
  ids.reserve(size());
  for (const auto& bytes : uuids_) ids.push_back(FormatUuid(bytes));
  for (const auto& other : others_) ids.push_back(other);
  return ids;
}

uint64_t RemoveRepeatedIds(std::span<EventIdLog* const> logs) {
  // A UUID and a text id never match (text ids are exactly the ones that did not parse as a
  // lowercase UUID), so each kind is searched on its own.
  std::vector<std::vector<std::array<uint8_t, 16>>*> uuids;
  std::vector<std::vector<std::string>*> others;
  for (EventIdLog* log : logs) {
    uuids.push_back(&log->uuids_);
    others.push_back(&log->others_);
  }
  // Compared as two 64-bit words: any total order finds repeats, and this one sorts fastest.
  const auto words = [](const std::array<uint8_t, 16>& id) {
    std::pair<uint64_t, uint64_t> key;
    std::memcpy(&key.first, id.data(), 8);
    std::memcpy(&key.second, id.data() + 8, 8);
    return key;
  };
  return EraseRepeats(uuids, words) + EraseRepeatedTextIds(others);
}

}  // namespace slogate::load
