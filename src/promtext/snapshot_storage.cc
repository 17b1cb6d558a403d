#include "snapshot_storage.h"

#include <algorithm>
#include <new>
#include <utility>

#include "slogate/common/huge_pages.h"

namespace slogate::promtext {
namespace {

// Unescaped strings are rare: small blocks.
constexpr size_t kStringBlockBytes = 16 * 1024;
// Label blocks double from the first size to the largest: a small exposition (a scrape every
// 100 ms) allocates little, a 100k-series one needs about ten blocks.
constexpr size_t kFirstLabelBlock = 1024;
constexpr size_t kLargestLabelBlock = 64 * 1024;  // 2 MiB

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

void SnapshotStorage::LabelBlockDelete::operator()(Label* labels) const {
  if (huge_page_aligned) {
    ::operator delete (labels, std::align_val_t{kHugePageBytes});
  } else {
    ::operator delete(labels);
  }
}

// Blocks hold raw memory: Label is an implicit-lifetime aggregate, so the assignments that fill
// a block create the labels, and nothing is written twice. The largest blocks are whole huge
// pages, allocated aligned to them and advised as such (slogate/common/huge_pages.h).
void SnapshotStorage::AddLabelBlock(size_t min_count) {
  const size_t next = label_blocks_.empty()
                          ? kFirstLabelBlock
                          : std::min(2 * last_block_capacity_, kLargestLabelBlock);
  last_block_capacity_ = std::max(min_count, next);
  const size_t bytes = last_block_capacity_ * sizeof(Label);
  const bool huge = bytes % kHugePageBytes == 0;
  void* memory = huge ? ::operator new (bytes, std::align_val_t{kHugePageBytes})
                      : ::operator new(bytes);
  if (huge) AdviseHugePages(memory, bytes);
  free_labels_ =
      label_blocks_.emplace_back(static_cast<Label*>(memory), LabelBlockDelete{huge}).get();
  free_labels_end_ = free_labels_ + last_block_capacity_;
}

}  // namespace slogate::promtext
