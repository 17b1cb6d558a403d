// Removing repeated event_ids from several lists at once, keeping each id's first occurrence.
//
// One implementation for the sending threads of a run (16-byte UUIDs and text ids,
// src/load/event_id.cc) and for the shards of a merge (text ids, src/load_result/merge.cc).
// Pure; thread-safe for distinct lists.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace slogate::load {

// Removes from every list each value that an earlier position already held: earlier in the same
// list, or anywhere in an earlier list (lists are taken in order). The first occurrence stays
// where it was and the order of the rest is kept. `key_of(value)` is what is compared: a cheap
// copy (16 UUID bytes) or a view (std::string_view), totally ordered. Returns how many values
// were removed. Runs once when a run or a merge ends, never per acknowledgement: it sorts one
// (key, list, index) record per value, O(n log n), and allocates that scratch.
template <typename T, typename KeyOf>
uint64_t EraseRepeats(const std::vector<std::vector<T>*>& lists, KeyOf key_of) {
  using Key = decltype(key_of(std::declval<const T&>()));
  struct Position {
    Key key;
    uint32_t list;
    uint32_t index;
  };
  size_t total = 0;
  for (const std::vector<T>* list : lists) total += list->size();
  std::vector<Position> positions;
  positions.reserve(total);
  for (uint32_t list = 0; list < lists.size(); ++list) {
    const std::vector<T>& values = *lists[list];
    for (uint32_t index = 0; index < values.size(); ++index) {
      positions.push_back(Position{key_of(values[index]), list, index});
    }
  }
  std::sort(positions.begin(), positions.end(), [](const Position& a, const Position& b) {
    return std::tie(a.key, a.list, a.index) < std::tie(b.key, b.list, b.index);
  });
  std::vector<std::vector<bool>> repeated(lists.size());
  uint64_t removed = 0;
  for (size_t i = 1; i < positions.size(); ++i) {
    if (!(positions[i].key == positions[i - 1].key)) continue;
    std::vector<bool>& marks = repeated[positions[i].list];
    if (marks.empty()) marks.resize(lists[positions[i].list]->size());
    marks[positions[i].index] = true;
    ++removed;
  }
  for (size_t list = 0; list < lists.size(); ++list) {
    if (repeated[list].empty()) continue;
    std::vector<T>& values = *lists[list];
    size_t kept = 0;
    for (size_t index = 0; index < values.size(); ++index) {
      if (repeated[list][index]) continue;
      // Never onto itself: a self-moved std::string is left empty.
      if (kept != index) values[kept] = std::move(values[index]);
      ++kept;
    }
    values.resize(kept);
  }
  return removed;
}

// EraseRepeats for ids kept as text (RunResult::event_ids, a sending thread's non-UUID ids).
inline uint64_t EraseRepeatedTextIds(const std::vector<std::vector<std::string>*>& lists) {
  return EraseRepeats(lists, [](const std::string& id) { return std::string_view(id); });
}

}  // namespace slogate::load
