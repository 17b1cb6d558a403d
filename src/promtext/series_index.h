// Detects a series (sample name + label set) exposed twice in one exposition.
//
// An open-addressing table of 64-bit hashes that points back into the snapshot, so the check
// costs one hash and usually one probe per sample and no per-sample allocation.
// Thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "slogate/promtext/snapshot.h"

namespace slogate::promtext::internal {

struct SeriesRef {
  uint32_t family = 0;
  uint32_t sample = 0;
};

class SeriesIndex {
 public:
  // Records `ref` (which must point at a sample of `families`) unless an identical series is
  // already recorded; returns that earlier series then.
  std::optional<SeriesRef> Insert(const std::vector<Family>& families, SeriesRef ref);

 private:
  struct Slot {
    uint64_t hash = 0;
    SeriesRef ref;
    bool used = false;
  };
  void Grow();

  std::vector<Slot> slots_;
  size_t used_ = 0;
};

// Hash of a sample's name and labels (labels must be sorted, as the parser leaves them).
uint64_t HashSeries(const Sample& sample);

}  // namespace slogate::promtext::internal
