#include "series_index.h"

#include <cstring>
#include <string_view>

namespace slogate::promtext::internal {
namespace {

constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;

uint64_t Load64(const char* data) {
  uint64_t value;
  std::memcpy(&value, data, sizeof(value));
  return value;
}

// Eight bytes per step; the last (possibly overlapping) eight bytes finish strings of eight
// bytes or more, so there is no byte loop. The length is mixed in so that ("ab","c") and
// ("a","bc") differ.
uint64_t MixBytes(uint64_t hash, std::string_view bytes) {
  const char* data = bytes.data();
  const size_t size = bytes.size();
  uint64_t tail = 0;
  if (size >= 8) {
    for (size_t i = 0; i + 8 < size; i += 8) {
      hash = (hash ^ Load64(data + i)) * kMultiplier;
      hash ^= hash >> 32;
    }
    tail = Load64(data + size - 8);
  } else {
    for (size_t i = 0; i < size; ++i) {
      tail |= static_cast<uint64_t>(static_cast<unsigned char>(data[i])) << (8 * i);
    }
  }
  hash = (hash ^ tail ^ (static_cast<uint64_t>(size) << 56)) * kMultiplier;
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
  return hash | 1;
}

std::optional<uint32_t> SeriesIndex::Insert(const std::vector<Sample>& samples, uint32_t index) {
  if ((used_ + 1) * 2 > slots_.size()) Grow();
  const Sample& sample = samples[index];
  const uint64_t hash = HashSeries(sample);
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.hash == 0) {
      slot = Slot{hash, index};
      ++used_;
      return std::nullopt;
    }
    if (slot.hash == hash && SameSeries(samples[slot.sample], sample)) return slot.sample;
  }
}

void SeriesIndex::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.hash == 0) continue;
    size_t i = slot.hash & mask;
    while (slots_[i].hash != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

}  // namespace slogate::promtext::internal
