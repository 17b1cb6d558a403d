// event_id capture: find it in a response body and keep every one at bounded cost per id.
//
// A canonical UUID (the gateway's ids) is stored as 16 bytes instead of a 36-character string,
// so a long run's id list costs 16 B per acknowledged write; other ids are kept as text.
// Repeats are found once, when the run ends (RemoveRepeatedIds), not per acknowledgement: the
// hot path only appends. Not thread-safe: one log per sending thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace slogate::load {

// The longest event_id kept. A gateway's ids are UUIDs (36 bytes); a longer one is a response
// counted as failed (ErrorCategory::kEventIdTooLong), never stored. With at most one id per
// OK response, the ids of a run take at most (planned requests) x this much: every OK response
// was a scheduled arrival. A UUID is kept as 16 bytes.
inline constexpr std::size_t kMaxEventIdBytes = 256;

// What a response body says about its event_id.
struct EventIdMatch {
  std::string_view id;    // the value; empty when there is none, or it is too long
  bool too_long = false;  // a string value of more than kMaxEventIdBytes (or unterminated past it)
};

// The string value of the top-level-looking "event_id" member of a JSON body; `id` is empty
// when there is none (or it is not a plain string). Scans in place; no allocation. A body like
// {"session_id": "...", "event_id": "..."} is the gateway's 200 response. A value still open
// kMaxEventIdBytes after its opening quote is too long even when the body was cut short there
// (the worker keeps only the first 16 KiB of a response).
EventIdMatch FindEventId(std::string_view body);

class EventIdLog {
 public:
  void Add(std::string_view id);
  uint64_t size() const { return uuids_.size() + others_.size(); }
  // Every id as text: UUIDs (lowercase) in the order added, then the others in the order added.
  std::vector<std::string> ToStrings() const;

 private:
  friend uint64_t RemoveRepeatedIds(std::span<EventIdLog* const> logs);

  std::vector<std::array<uint8_t, 16>> uuids_;
  std::vector<std::string> others_;
};

// Removes from `logs` every id that was already added before it: earlier in its own log, or in
// an earlier log (the logs are taken in order: the sending threads of one run). The first
// occurrence stays where it was. Returns how many ids were removed, i.e. the
// repeated acknowledgements. Sorts (id, position) pairs once: O(n log n) time, 24 B of scratch
// per UUID and 24 B per text id (docs/load.md has the measured cost for a million ids).
uint64_t RemoveRepeatedIds(std::span<EventIdLog* const> logs);

}  // namespace slogate::load
