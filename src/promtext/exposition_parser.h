// The parser behind promtext::Parse: one object per parse, walking the text line by line.
//
// Lines are cut with memchr and scanned through string_views into the Snapshot's storage (the
// text is kept there); label sets are parsed into a reused scratch vector and copied, sorted,
// into the storage's label blocks, so nothing is allocated per sample.
// Syntax is checked while scanning; per-family rules (histogram buckets, summary quantiles,
// stateset/info values) are checked once all lines are read. Thread-compatible.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "series_index.h"
#include "slogate/common/result.h"
#include "slogate/promtext/snapshot.h"
#include "snapshot_storage.h"
#include "text_scan.h"

namespace slogate::promtext::internal {

class ExpositionParser {
 public:
  // Keeps `text` in the Snapshot's storage; the samples point into it.
  ExpositionParser(std::string text, Format format);
  Result<Snapshot> Run() &&;

 private:
  static constexpr size_t kNoFamily = static_cast<size_t>(-1);

  // What the parser knows about a family beyond the Snapshot's fields.
  struct FamilyState {
    bool has_type = false;
    bool has_help = false;
    bool has_unit = false;
    int first_line = 0;
    std::vector<int> sample_lines;  // line of each sample, to locate later checks
    SeriesIndex series;             // to reject a series exposed twice
  };

  // A label as scanned: views into the text, or into the storage's arena when it had escapes.
  struct LabelView {
    std::string_view name;
    std::string_view value;
    const char* at = nullptr;  // where the label starts, for error positions
    bool quoted_name = false;
  };

  // A cursor over one line: [p, end).
  struct Cursor {
    const char* p;
    const char* end;
    bool AtEnd() const { return p == end; }
    std::string_view Rest() const { return {p, static_cast<size_t>(end - p)}; }
  };

  bool ParseLines();
  bool ParseLine(Cursor line);
  bool ParseComment004(Cursor line);
  bool ParseMetadataOm(Cursor line);
  bool ApplyMetadata(std::string_view keyword, const std::string& name, Cursor rest,
                     const char* name_at);
  bool ApplyHelp(size_t family, Cursor text);
  bool ApplyType(size_t family, Cursor text);
  bool ApplyUnit(size_t family, Cursor text);
  bool CheckAfterEof(const char* next_line);

  // Label sets and quoted strings (label_set.cc).
  bool ParseLabelSet(Cursor& c, std::string_view* metric_name, size_t* label_count);
  bool ParseLabelName(Cursor& c, LabelView& label);
  const LabelView* SortSampleLabels(size_t count);
  const LabelView* SortExemplarLabels(size_t count);
  Labels StoreLabels(size_t count);
  // Parses the quoted string at c.p (at its opening quote). Inline, as it runs once per label
  // value: the common case (no escape, closed on its line) is handled here, everything else
  // (unescaping, errors) in ParseEscapedOrUnterminated.
  bool ParseQuotedString(Cursor& c, std::string_view* out, std::string_view what) {
    bool has_escape = false;
    const std::string_view rest(c.p + 1, static_cast<size_t>(c.end - c.p - 1));
    const size_t close = FindClosingQuote(rest, &has_escape);
    if (close == std::string_view::npos || has_escape) {
      return ParseEscapedOrUnterminated(c, out, what);
    }
    *out = rest.substr(0, close);
    c.p += close + 2;
    return true;
  }
  bool ParseEscapedOrUnterminated(Cursor& c, std::string_view* out, std::string_view what);

  // Sample lines (sample_line.cc).
  bool ParseSample(Cursor line);
  bool ParseMetricName(Cursor& c, std::string_view* out);
  bool RepeatsPreviousName(const Cursor& c) const;
  bool ParseValueAndTimestamp(Cursor& c, Sample& sample);
  bool ParseExemplar(Cursor& c, Sample& sample);
  bool ExpectSeparator(Cursor& c, std::string_view before_what);
  // 0.0.4 allows blanks between tokens; OpenMetrics checks its single spaces explicitly.
  void SkipBlanks004(Cursor& c) const {
    if (is_om_) return;
    // A local pointer: stores through c.p could alias the bytes read, forcing reloads.
    const char* p = c.p;
    while (p != c.end && IsBlank(*p)) ++p;
    c.p = p;
  }
  size_t ResolveFamily(std::string_view sample_name, const char* at);
  size_t ResolveFamily004(std::string_view sample_name);
  size_t ResolveFamilyOm(std::string_view sample_name, const char* at);
  size_t AddFamily(std::string name, MetricType type);
  size_t FindFamilyIndex(std::string_view name) const;
  bool RecordSample(size_t family, const char* line_at);

  // Per-family checks after all lines (family_checks.cc).
  bool CheckFamilies();
  bool CheckFamily(size_t family);
  bool CheckBuckets(size_t family);
  bool CheckSummary(size_t family);
  bool CheckCounter(size_t family);
  bool CheckStateSet(size_t family);
  bool CheckInfo(size_t family);
  bool FailAtSample(size_t family, size_t sample, std::string code, std::string message);
  void WarnAtSample(size_t family, size_t sample, std::string message);

  bool Fail(std::string code, std::string message, const char* at);
  void Warn(std::string message, const char* at);
  int ColumnOf(const char* at) const;

  std::shared_ptr<SnapshotStorage> storage_;
  std::string_view text_;  // storage_->text()
  Format format_;
  bool is_om_;
  const char* line_begin_ = nullptr;
  int line_number_ = 0;
  bool seen_eof_ = false;

  Snapshot snapshot_;
  std::vector<FamilyState> states_;
  struct NameHash {
    using is_transparent = void;
    size_t operator()(std::string_view name) const { return std::hash<std::string_view>{}(name); }
  };
  std::unordered_map<std::string, size_t, NameHash, std::equal_to<>> family_by_name_;
  size_t current_ = kNoFamily;

  std::vector<LabelView> scratch_labels_;  // reused across samples; capacity is kept
  std::vector<size_t> label_order_;        // sorted order of scratch_labels_
  // The previous sample's label count when label_order_ holds its sorted, duplicate-free
  // order (and scratch_labels_ its labels); kNoLabelOrder otherwise.
  static constexpr size_t kNoLabelOrder = static_cast<size_t>(-1);
  size_t previous_label_count_ = kNoLabelOrder;
  bool same_label_names_ = false;       // the current sample repeats those names in that order
  std::string_view previous_name_;      // the previous sample's name when it was unquoted
  size_t previous_family_ = kNoFamily;  // the family of the previous sample
  std::string unescape_buffer_;         // reused for quoted strings with escapes
  std::optional<Error> error_;
};

}  // namespace slogate::promtext::internal
