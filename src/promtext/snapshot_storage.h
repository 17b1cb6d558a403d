// What the samples of a Snapshot point into: the exposition text itself (most names and label
// values are views into it), an arena for strings that had to be unescaped or copied, blocks of
// labels and the exemplars.
//
// Everything is appended, never moved or freed before the storage itself, so views stay valid
// for the storage's lifetime. Thread-compatible while being filled; immutable afterwards.
#pragma once

#include <cstddef>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/promtext/snapshot.h"

namespace slogate::promtext {

class SnapshotStorage {
 public:
  SnapshotStorage() = default;
  // Keeps `text`; text() views it from then on.
  explicit SnapshotStorage(std::string text);
  SnapshotStorage(const SnapshotStorage&) = delete;
  SnapshotStorage& operator=(const SnapshotStorage&) = delete;

  std::string_view text() const { return text_; }

  // A stable copy of `bytes`.
  std::string_view CopyString(std::string_view bytes);

  // A stable copy of `labels` (kept contiguous).
  Labels CopyLabels(const Label* labels, size_t count);

  // Room for `count` contiguous labels with a stable address, for the caller to fill.
  std::span<Label> AllocateLabels(size_t count) {
    if (static_cast<size_t>(free_labels_end_ - free_labels_) < count) AddLabelBlock(count);
    const std::span<Label> labels(free_labels_, count);
    free_labels_ += count;
    return labels;
  }

  // A new exemplar with a stable address.
  Exemplar& AddExemplar() { return exemplars_.emplace_back(); }

 private:
  void AddLabelBlock(size_t min_count);

  std::string text_;
  // Each block is reserved once and only appended to within its capacity, so it never moves.
  std::vector<std::vector<char>> string_blocks_;
  // Blocks of whole huge pages are allocated aligned to them (see AddLabelBlock).
  struct LabelBlockDelete {
    bool huge_page_aligned = false;
    void operator()(Label* labels) const;
  };
  std::vector<std::unique_ptr<Label, LabelBlockDelete>> label_blocks_;
  size_t last_block_capacity_ = 0;
  // The free part of the last label block: AllocateLabels runs once per sample, so it only
  // bumps a pointer.
  Label* free_labels_ = nullptr;
  Label* free_labels_end_ = nullptr;
  std::deque<Exemplar> exemplars_;
};

}  // namespace slogate::promtext
