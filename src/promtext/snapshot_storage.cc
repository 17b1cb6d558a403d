#include "snapshot_storage.h"

#include <algorithm>
#include <utility>

namespace slogate::promtext {
namespace {

// Unescaped strings are rare: small blocks.
constexpr size_t kStringBlockBytes = 16 * 1024;
// Label blocks double from the first size to the largest: a small exposition (a scrape every
// 100 ms) allocates and clears little, a 100k-series one needs about ten blocks.
constexpr size_t kFirstLabelBlock = 1024;
constexpr size_t kLargestLabelBlock = 64 * 1024;

// The block of `blocks` that has room for `count` more bytes, starting a new one (of at least
// `block_size`) when the last one is full.
std::vector<char>& BlockWithRoom(std::vector<std::vector<char>>& blocks, size_t count,
                                 size_t block_size) {
  if (blocks.empty() || blocks.back().capacity() - blocks.back().size() < count) {
    blocks.emplace_back().reserve(std::max(count, block_size));
  }
  return blocks.back();
}

}  // namespace

SnapshotStorage::SnapshotStorage(std::string text) : text_(std::move(text)) {}

std::string_view SnapshotStorage::CopyString(std::string_view bytes) {
  if (bytes.empty()) return {};
  std::vector<char>& block = BlockWithRoom(string_blocks_, bytes.size(), kStringBlockBytes);
  const size_t offset = block.size();
  block.insert(block.end(), bytes.begin(), bytes.end());
  return {block.data() + offset, bytes.size()};
}

Labels SnapshotStorage::CopyLabels(const Label* labels, size_t count) {
  const std::span<Label> copy = AllocateLabels(count);
  std::copy(labels, labels + count, copy.begin());
  return {copy.data(), copy.size()};
}

std::span<Label> SnapshotStorage::AllocateLabels(size_t count) {
  if (count == 0) return {};
  // A bump allocation in the last block: this runs once per sample.
  if (label_blocks_.empty() || label_blocks_.back().capacity - label_blocks_.back().size < count) {
    const size_t next = label_blocks_.empty()
                            ? kFirstLabelBlock
                            : std::min(2 * label_blocks_.back().capacity, kLargestLabelBlock);
    const size_t capacity = std::max(count, next);
    label_blocks_.push_back(LabelBlock{std::make_unique<Label[]>(capacity), 0, capacity});
  }
  LabelBlock& block = label_blocks_.back();
  Label* labels = block.labels.get() + block.size;
  block.size += count;
  return {labels, count};
}

}  // namespace slogate::promtext
