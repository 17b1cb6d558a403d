// Detects a series (sample name + label set) exposed twice within one metric family.
//
// Samples with equal names always land in the same family, so one small table per family is
// enough, and it stays in cache while the family's lines are parsed. Open addressing over
// 64-bit hashes that point back into the family's samples: one hash and usually one probe per
// sample, no per-sample allocation. Thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "slogate/promtext/snapshot.h"

namespace slogate::promtext::internal {

class SeriesIndex {
 public:
  // Records samples[index] unless an identical series is already recorded; returns the index
  // of that earlier sample then.
  std::optional<uint32_t> Insert(const std::vector<Sample>& samples, uint32_t index);

 private:
  struct Slot {
    uint64_t hash = 0;  // 0 marks an empty slot; HashSeries never returns 0
    uint32_t sample = 0;
  };
  void Grow();

  std::vector<Slot> slots_;
  size_t used_ = 0;
};

// Hash of a sample's name length and label values (labels must be sorted, as the parser
// leaves them), enough to tell apart the series of one family. Never 0.
uint64_t HashSeries(const Sample& sample);

}  // namespace slogate::promtext::internal
