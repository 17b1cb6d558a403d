// Label sets ("{a="x",b="y"}") and quoted strings, and the sorting and duplicate check of
// label names.
//
// Consecutive samples of a family nearly always write the same label names in the same order.
// ParseLabelSet recognizes that (a name that repeats the previous sample's name at the same
// position needs only a compare, not a scan), and then the previous sample's sorted order, free
// of duplicates, holds again: SortSampleLabels reuses it.
#include <string>
#include <utility>

#include "exposition_parser.h"
#include "text_scan.h"

namespace slogate::promtext::internal {
namespace {

// Label names mostly differ in their first byte; checking it first avoids a memcmp call.
bool NameLess(std::string_view a, std::string_view b) {
  if (!a.empty() && !b.empty() && a[0] != b[0]) return a[0] < b[0];
  return a < b;
}

// Sorts label indices by name (an insertion sort: label sets are small and often already
// sorted). Returns the earliest repeated occurrence of a label name in the text, or nullptr.
template <typename LabelView>
const LabelView* SortAndFindDuplicate(const std::vector<LabelView>& labels, size_t count,
                                      std::vector<size_t>& order) {
  order.resize(count);
  for (size_t i = 0; i < count; ++i) {
    size_t j = i;
    for (; j > 0 && NameLess(labels[i].name, labels[order[j - 1]].name); --j) {
      order[j] = order[j - 1];
    }
    order[j] = i;
  }
  const LabelView* duplicate = nullptr;
  for (size_t i = 1; i < count; ++i) {
    const LabelView& a = labels[order[i - 1]];
    const LabelView& b = labels[order[i]];
    if (a.name != b.name) continue;
    const LabelView& later = a.at > b.at ? a : b;
    if (duplicate == nullptr || later.at < duplicate->at) duplicate = &later;
  }
  return duplicate;
}

// True when the text at c.p is `name` followed by '=' (so a scan would find exactly `name`).
bool RepeatsName(const char* p, const char* end, std::string_view name) {
  return static_cast<size_t>(end - p) > name.size() && p[name.size()] == '=' &&
         SameBytes(p, name.data(), name.size());
}

}  // namespace

bool ExpositionParser::ParseEscapedOrUnterminated(Cursor& c, std::string_view* out,
                                                  std::string_view what) {
  const char* open = c.p++;
  bool has_escape = false;
  const size_t close = FindClosingQuote(c.Rest(), &has_escape);
  if (close == std::string_view::npos) {
    return Fail("unterminated_quote",
                std::string(what) + " is missing its closing '\"' before the end of the line",
                open);
  }
  const std::string_view raw(c.p, close);
  unescape_buffer_.clear();
  if (const auto bad = Unescape(raw, unescape_buffer_)) {
    return Fail("bad_escape",
                "invalid escape sequence " + DescribeEscape(bad->escaped) + " in " +
                    std::string(what) + " (allowed: \\\\, \\\" and \\n)",
                c.p + bad->offset);
  }
  *out = storage_->CopyString(unescape_buffer_);  // closed, so it had an escape
  c.p += close + 1;
  return true;
}

// Sorts the sample's labels into label_order_ and returns a duplicate name, if any; when
// ParseLabelSet saw the previous sample's names again, label_order_ already holds their order.
const ExpositionParser::LabelView* ExpositionParser::SortSampleLabels(size_t count) {
  if (same_label_names_) return nullptr;
  const LabelView* duplicate = SortAndFindDuplicate(scratch_labels_, count, label_order_);
  previous_label_count_ = duplicate == nullptr ? count : kNoLabelOrder;
  return duplicate;
}

// Exemplar labels reuse the scratch vectors, so the next sample cannot reuse their order.
const ExpositionParser::LabelView* ExpositionParser::SortExemplarLabels(size_t count) {
  previous_label_count_ = kNoLabelOrder;
  return SortAndFindDuplicate(scratch_labels_, count, label_order_);
}

// Copies scratch_labels_[0, count) into the storage, in the order of label_order_.
Labels ExpositionParser::StoreLabels(size_t count) {
  const std::span<Label> stored = storage_->AllocateLabels(count);
  for (size_t i = 0; i < count; ++i) {
    const LabelView& label = scratch_labels_[label_order_[i]];
    stored[i] = Label{label.name, label.value};
  }
  return {stored.data(), stored.size()};
}

// Parses the label name at c.p into `label` (a quoted or a legacy name).
bool ExpositionParser::ParseLabelName(Cursor& c, LabelView& label) {
  label.quoted_name = *c.p == '"';
  if (label.quoted_name) return ParseQuotedString(c, &label.name, "quoted label name");
  const size_t length = LabelNameLength(c.Rest());
  if (length == 0) {
    if (is_om_ && IsBlank(*c.p)) {
      return Fail("unexpected_whitespace", "OpenMetrics allows no whitespace in a label set", c.p);
    }
    return Fail("bad_label_name",
                "expected a label name ([a-zA-Z_][a-zA-Z0-9_]* or a quoted string)", c.p);
  }
  label.name = std::string_view(c.p, length);
  c.p += length;
  return true;
}

// Parses "{...}" at c.p into scratch_labels_[0, *label_count). When `metric_name` is given,
// a leading quoted string without '=' is the metric name (`{"my.metric",a="x"}`). Sets
// same_label_names_ when the names are the previous sample's, in the same order.
bool ExpositionParser::ParseLabelSet(Cursor& c, std::string_view* metric_name,
                                     size_t* label_count) {
  const char* open = c.p++;
  size_t count = 0;
  bool same = previous_label_count_ != kNoLabelOrder;
  for (size_t item = 0;; ++item) {
    SkipBlanks004(c);
    if (c.AtEnd()) return Fail("unterminated_labels", "label set is missing its closing '}'", open);
    // An empty set, or (0.0.4 only, as Prometheus accepts it) a trailing comma.
    if (*c.p == '}' && (item == 0 || !is_om_)) {
      ++c.p;
      break;
    }
    const char* item_at = c.p;
    if (scratch_labels_.size() <= count) scratch_labels_.emplace_back();
    LabelView& label = scratch_labels_[count];
    same = same && count < previous_label_count_;
    // The previous sample's name at this position was checked already: a compare will do.
    const bool repeated = same && !label.quoted_name && RepeatsName(c.p, c.end, label.name);
    bool is_metric_name = false;
    if (repeated) {
      c.p += label.name.size() + 1;  // the name and the '=' RepeatsName saw right after it
    } else {
      const std::string_view previous_name = label.name;
      if (!ParseLabelName(c, label)) return false;
      same = same && label.name == previous_name;
      SkipBlanks004(c);
      is_metric_name = label.quoted_name && metric_name != nullptr && item == 0 && !c.AtEnd() &&
                       (*c.p == ',' || *c.p == '}');
      if (is_metric_name) {
        if (label.name.empty()) return Fail("bad_metric_name", "empty quoted metric name", item_at);
        *metric_name = label.name;
        same = false;  // slot 0 held the metric name, not a label
      } else if (c.AtEnd() || *c.p != '=') {
        return Fail("expected_equals",
                    "expected '=' after label name \"" + std::string(label.name) + "\"", c.p);
      } else {
        ++c.p;
      }
    }
    if (!is_metric_name) {
      SkipBlanks004(c);
      if (c.AtEnd() || *c.p != '"') {
        return Fail("expected_quote", "expected a quoted label value after '='", c.p);
      }
      if (!ParseQuotedString(c, &label.value, "label value")) return false;
      if (!repeated) {
        if (label.name.empty()) return Fail("bad_label_name", "empty label name", item_at);
        if (label.name == "__name__") {
          return Fail("reserved_label", "label name \"__name__\" is reserved", item_at);
        }
      }
      label.at = item_at;
      ++count;
    }
    SkipBlanks004(c);
    if (c.AtEnd()) return Fail("unterminated_labels", "label set is missing its closing '}'", open);
    if (*c.p == '}') {
      ++c.p;
      break;
    }
    if (*c.p != ',') {
      if (is_om_ && IsBlank(*c.p)) {
        return Fail("unexpected_whitespace", "OpenMetrics allows no whitespace in a label set",
                    c.p);
      }
      return Fail("expected_comma", "expected ',' or '}' in the label set", c.p);
    }
    ++c.p;
    if (is_om_ && !c.AtEnd() && *c.p == '}') {
      return Fail("trailing_comma", "OpenMetrics does not allow a trailing comma in a label set",
                  c.p - 1);
    }
  }
  same_label_names_ = same && count == previous_label_count_;
  *label_count = count;
  return true;
}

}  // namespace slogate::promtext::internal
