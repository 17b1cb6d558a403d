// The parsed form of one metrics exposition: families of samples, exactly as exposed.
//
// Plain data, produced by promtext::Parse* and consumed by scrape (deltas, sampling) and slo
// (evaluation). No I/O, no behaviour beyond lookups. Samples are views: their names, labels
// and exemplars live in one storage per Snapshot (a copy of the exposition text plus a few
// large blocks), so parsing allocates per family, not per sample.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace slogate::promtext {

// Which grammar the exposition was written in. Chosen by the caller from the Content-Type.
enum class Format {
  kPrometheusText004,  // text/plain; version=0.0.4
  kOpenMetrics100,     // application/openmetrics-text; version=1.0.0
};

enum class MetricType {
  kCounter,
  kGauge,
  kHistogram,
  kGaugeHistogram,
  kSummary,
  kInfo,
  kStateSet,
  kUnknown,  // "untyped" in 0.0.4, "unknown" in OpenMetrics, or no TYPE line at all.
};

// "counter", "gauge", ... as written in a TYPE line ("unknown" for kUnknown).
std::string_view MetricTypeName(MetricType type);

struct Label {
  std::string_view name;
  std::string_view value;  // unescaped
  friend bool operator==(const Label&, const Label&) = default;
};

// An owning list of labels, for building samples by hand (see SnapshotBuilder). The Labels it
// holds are views: the strings they point to must outlive the list.
using LabelList = std::vector<Label>;

// The labels of one sample: a read-only view, sorted by name, names unique (the parser rejects
// duplicates). Converts implicitly from a LabelList.
class Labels {
 public:
  using value_type = Label;
  using const_iterator = const Label*;
  using iterator = const_iterator;

  Labels() = default;
  Labels(const Label* data, size_t size) : data_(data), size_(size) {}
  Labels(const LabelList& list)  // NOLINT(google-explicit-constructor): a view, like span
      : data_(list.data()), size_(list.size()) {}

  const Label* begin() const { return data_; }
  const Label* end() const { return data_ + size_; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const Label& operator[](size_t index) const { return data_[index]; }

  // The label with this name, or nullptr.
  const Label* Find(std::string_view name) const;

  friend bool operator==(Labels a, Labels b);

 private:
  const Label* data_ = nullptr;
  size_t size_ = 0;
};

struct Exemplar {
  Labels labels;
  double value = 0;
  std::optional<double> timestamp_seconds;
};

// One sample. Its strings and labels are views into the storage of the Snapshot it came from
// (shared by copies of that Snapshot): a Sample stays valid as long as one such Snapshot lives.
struct Sample {
  // Full sample name as exposed: "foo_bucket", "foo_total", "foo_created", "foo".
  std::string_view name;
  Labels labels;
  double value = 0;  // NaN and ±Inf are kept as such
  // Exposed timestamp, in seconds since the epoch (0.0.4's integer milliseconds are converted).
  std::optional<double> timestamp_seconds;
  const Exemplar* exemplar = nullptr;  // OpenMetrics only; nullptr when there is none
};

struct Family {
  std::string name;  // the family name from TYPE/HELP, or the sample name when untyped
  MetricType type = MetricType::kUnknown;
  std::string help;  // unescaped
  std::string unit;  // OpenMetrics UNIT, empty otherwise
  std::vector<Sample> samples;
};

// A non-fatal oddity the parser accepted (see docs/promtext.md for which cases warn).
struct Warning {
  std::string message;
  int line = 0;
  int column = 0;
};

// The bytes, labels and exemplars that a Snapshot's samples point into (snapshot_storage.h).
class SnapshotStorage;

struct Snapshot {
  Format format = Format::kPrometheusText004;
  std::vector<Family> families;  // in exposition order
  std::vector<Warning> warnings;
  // Owns what the samples point into. Shared by copies; never modified once built, so copies
  // may be read from several threads.
  std::shared_ptr<const SnapshotStorage> storage;

  // The family with this exact name, or nullptr.
  const Family* FindFamily(std::string_view name) const;
};

// Builds a Snapshot by hand (tests, snapshots derived from other snapshots). Copies every
// string and label it is given, so the arguments may be temporaries. Thread-compatible.
class SnapshotBuilder {
 public:
  explicit SnapshotBuilder(Format format = Format::kPrometheusText004);
  ~SnapshotBuilder();
  SnapshotBuilder(const SnapshotBuilder&) = delete;
  SnapshotBuilder& operator=(const SnapshotBuilder&) = delete;

  // Starts a family; the samples added next belong to it.
  SnapshotBuilder& AddFamily(std::string_view name, MetricType type = MetricType::kUnknown);
  // Adds a sample (labels are sorted by name) to the last family; without one, starts an
  // unknown family named after the sample.
  SnapshotBuilder& AddSample(std::string_view name, const LabelList& labels, double value);
  // Adds a copy of `sample` (timestamp and exemplar included), as AddSample above.
  SnapshotBuilder& AddSample(const Sample& sample);

  Snapshot Build() &&;

 private:
  Family& CurrentFamily(std::string_view sample_name);

  Snapshot snapshot_;
  std::shared_ptr<SnapshotStorage> storage_;
};

}  // namespace slogate::promtext
