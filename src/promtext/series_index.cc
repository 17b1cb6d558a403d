#include "series_index.h"

#include <cstring>
#include <string_view>

namespace slogate::promtext::internal {
namespace {

constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;

// Eight bytes per step; the length is mixed in so that ("ab","c") and ("a","bc") differ.
uint64_t MixBytes(uint64_t hash, std::string_view bytes) {
  const char* data = bytes.data();
  size_t size = bytes.size();
  while (size >= 8) {
    uint64_t chunk;
    std::memcpy(&chunk, data, sizeof(chunk));
    hash = (hash ^ chunk) * kMultiplier;
    hash ^= hash >> 32;
    data += 8;
    size -= 8;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, data, size);
  hash = (hash ^ tail ^ (static_cast<uint64_t>(bytes.size()) << 56)) * kMultiplier;
  return hash ^ (hash >> 29);
}

bool SameSeries(const Sample& a, const Sample& b) {
  return a.name == b.name && a.labels == b.labels;
}

}  // namespace

uint64_t HashSeries(const Sample& sample) {
  uint64_t hash = MixBytes(0x243F6A8885A308D3ULL, sample.name);
  for (const Label& label : sample.labels) {
    hash = MixBytes(hash, label.name);
    hash = MixBytes(hash, label.value);
  }
  return hash;
}

std::optional<SeriesRef> SeriesIndex::Insert(const std::vector<Family>& families, SeriesRef ref) {
  if ((used_ + 1) * 2 > slots_.size()) Grow();
  const Sample& sample = families[ref.family].samples[ref.sample];
  const uint64_t hash = HashSeries(sample);
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (!slot.used) {
      slot = Slot{hash, ref, true};
      ++used_;
      return std::nullopt;
    }
    if (slot.hash == hash &&
        SameSeries(families[slot.ref.family].samples[slot.ref.sample], sample)) {
      return slot.ref;
    }
  }
}

void SeriesIndex::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (!slot.used) continue;
    size_t i = slot.hash & mask;
    while (slots_[i].used) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace slogate::promtext::internal
