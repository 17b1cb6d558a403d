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

void SnapshotStorage::AddLabelBlock(size_t min_count) {
  const size_t next = label_blocks_.empty()
                          ? kFirstLabelBlock
                          : std::min(2 * last_block_capacity_, kLargestLabelBlock);
  last_block_capacity_ = std::max(min_count, next);
  free_labels_ = label_blocks_.emplace_back(std::make_unique<Label[]>(last_block_capacity_)).get();
  free_labels_end_ = free_labels_ + last_block_capacity_;
}

}  // namespace slogate::promtext
