#include "series_index.h"

#include <bit>
#include <string_view>

#include "text_scan.h"

namespace slogate::promtext::internal {
namespace {

constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
constexpr uint64_t kMultiplier2 = 0xC2B2AE3D27D4EB4FULL;

// Two independent lanes, so that their multiplies overlap.
struct HashState {
  uint64_t a;
  uint64_t b;
};

// Sixteen bytes per step; the last (possibly overlapping) bytes finish the string, so there is
// no byte loop. The length is mixed in so that ("ab","c") and ("a","bc") differ. The rotations
// carry high bits down for the next multiply.
void MixBytes(HashState& state, std::string_view bytes) {
  const char* data = bytes.data();
  const size_t size = bytes.size();
  for (size_t i = 0; i + 16 < size; i += 16) {
    state.a = std::rotl((state.a ^ Load64(data + i)) * kMultiplier, 29);
    state.b = std::rotl((state.b ^ Load64(data + i + 8)) * kMultiplier2, 29);
  }
  uint64_t low = 0;
  uint64_t high = 0;
  if (size >= 16) {
    low = Load64(data + size - 16);
    high = Load64(data + size - 8);
  } else if (size >= 8) {
    low = Load64(data);
    high = Load64(data + size - 8);
  } else if (size >= 4) {
    low = (static_cast<uint64_t>(Load32(data)) << 32) | Load32(data + size - 4);
  } else if (size > 0) {
    // One to three bytes: first, middle and last cover them all.
    low = (static_cast<uint64_t>(static_cast<unsigned char>(data[0])) << 16) |
          (static_cast<uint64_t>(static_cast<unsigned char>(data[size / 2])) << 8) |
          static_cast<unsigned char>(data[size - 1]);
  }
  state.a = std::rotl((state.a ^ low ^ (static_cast<uint64_t>(size) << 56)) * kMultiplier, 29);
  state.b = std::rotl((state.b ^ high) * kMultiplier2, 29);
}

bool SameSeries(const Sample& a, const Sample& b) {
  return a.name == b.name && a.labels == b.labels;
}

}  // namespace

uint64_t HashSeries(const Sample& sample) {
  // One index holds one family's samples, whose names differ only in a suffix, and a type's
  // suffixes differ in length or come with other labels; label names nearly always repeat.
  // So the name's length and the label values tell series apart at a fraction of the bytes;
  // equal hashes are compared in full anyway.
  HashState state{0x243F6A8885A308D3ULL ^ sample.name.size(), 0x13198A2E03707344ULL};
  for (const Label& label : sample.labels) MixBytes(state, label.value);
  uint64_t hash = state.a ^ std::rotl(state.b, 32);
  hash = (hash ^ (hash >> 32)) * kMultiplier;
  return (hash ^ (hash >> 29)) | 1;
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
