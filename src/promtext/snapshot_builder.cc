#include <algorithm>
#include <utility>

#include "slogate/promtext/snapshot.h"
#include "snapshot_storage.h"

namespace slogate::promtext {
namespace {

// `labels` copied into `storage`, sorted by name.
Labels CopySorted(SnapshotStorage& storage, Labels labels) {
  LabelList sorted;
  sorted.reserve(labels.size());
  for (const Label& label : labels) {
    sorted.push_back(Label{storage.CopyString(label.name), storage.CopyString(label.value)});
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Label& a, const Label& b) { return a.name < b.name; });
  return storage.CopyLabels(sorted.data(), sorted.size());
}

}  // namespace

SnapshotBuilder::SnapshotBuilder(Format format) : storage_(std::make_shared<SnapshotStorage>()) {
  snapshot_.format = format;
}

SnapshotBuilder::~SnapshotBuilder() = default;

SnapshotBuilder& SnapshotBuilder::AddFamily(std::string_view name, MetricType type) {
  Family& family = snapshot_.families.emplace_back();
  family.name = std::string(name);
  family.type = type;
  return *this;
}

SnapshotBuilder& SnapshotBuilder::AddSample(std::string_view name, const LabelList& labels,
                                            double value) {
  Sample sample;
  sample.name = name;
  sample.labels = labels;
  sample.value = value;
  return AddSample(sample);
}

SnapshotBuilder& SnapshotBuilder::AddSample(const Sample& sample) {
  Family& family = CurrentFamily(sample.name);
  Sample& copy = family.samples.emplace_back();
  copy.name = storage_->CopyString(sample.name);
  copy.labels = CopySorted(*storage_, sample.labels);
  copy.value = sample.value;
  copy.timestamp_seconds = sample.timestamp_seconds;
  if (sample.exemplar != nullptr) {
    Exemplar& exemplar = storage_->AddExemplar();
    exemplar.labels = CopySorted(*storage_, sample.exemplar->labels);
    exemplar.value = sample.exemplar->value;
    exemplar.timestamp_seconds = sample.exemplar->timestamp_seconds;
    copy.exemplar = &exemplar;
  }
  return *this;
}

Snapshot SnapshotBuilder::Build() && {
  snapshot_.storage = std::move(storage_);
  return std::move(snapshot_);
}

Family& SnapshotBuilder::CurrentFamily(std::string_view sample_name) {
  if (snapshot_.families.empty()) AddFamily(sample_name);
  return snapshot_.families.back();
}

}  // namespace slogate::promtext
