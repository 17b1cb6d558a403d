// Sample lines: name, label set, value, timestamp and (OpenMetrics) exemplar.
#include <algorithm>
#include <utility>

#include "exposition_parser.h"
#include "family_rules.h"
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

// Copies labels[0, count) into `out` in the order SortAndFindDuplicate computed.
template <typename LabelView>
void CopyInOrder(const std::vector<LabelView>& labels, const std::vector<size_t>& order,
                 Labels& out) {
  out.reserve(order.size());
  for (const size_t index : order) {
    out.push_back(Label{std::string(labels[index].name), std::string(labels[index].value)});
  }
}

std::string SeriesText(const Sample& sample) {
  std::string text = sample.name;
  if (sample.labels.empty()) return text;
  text += '{';
  for (size_t i = 0; i < sample.labels.size(); ++i) {
    if (i > 0) text += ',';
    text += sample.labels[i].name + "=\"" + EscapeLabelValue(sample.labels[i].value) + '"';
  }
  return text + '}';
}

std::string_view Token(const char* begin, const char* end) {
  return {begin, static_cast<size_t>(end - begin)};
}

}  // namespace

void ExpositionParser::SkipBlanks004(Cursor& c) const {
  if (is_om_) return;
  while (!c.AtEnd() && IsBlank(*c.p)) ++c.p;
}

// 0.0.4 separates tokens with one or more blanks; OpenMetrics with exactly one space.
bool ExpositionParser::ExpectSeparator(Cursor& c, std::string_view before_what) {
  if (c.AtEnd() || !IsBlank(*c.p)) {
    return Fail("expected_space", "expected a space before " + std::string(before_what), c.p);
  }
  if (!is_om_) {
    SkipBlanks004(c);
    return true;
  }
  if (*c.p != ' ' || (c.p + 1 < c.end && IsBlank(c.p[1]))) {
    return Fail("unexpected_whitespace", "OpenMetrics separates tokens with exactly one space",
                *c.p == ' ' ? c.p + 1 : c.p);
  }
  ++c.p;
  return true;
}

bool ExpositionParser::ParseQuotedString(Cursor& c, std::string_view* out, std::string_view what) {
  const char* open = c.p++;
  bool has_escape = false;
  const size_t close = FindClosingQuote(c.Rest(), &has_escape);
  if (close == std::string_view::npos) {
    return Fail("unterminated_quote",
                std::string(what) + " is missing its closing '\"' before the end of the line",
                open);
  }
  const std::string_view raw(c.p, close);
  if (!has_escape) {
    *out = raw;
  } else {
    if (unescaped_used_ == unescaped_.size()) unescaped_.emplace_back();
    std::string& buffer = unescaped_[unescaped_used_++];
    buffer.clear();
    if (const auto bad = Unescape(raw, buffer)) {
      return Fail("bad_escape",
                  "invalid escape sequence " + DescribeEscape(bad->escaped) + " in " +
                      std::string(what) + " (allowed: \\\\, \\\" and \\n)",
                  c.p + bad->offset);
    }
    *out = buffer;
  }
  c.p += close + 1;
  return true;
}

bool ExpositionParser::ParseMetricName(Cursor& c, std::string_view* out) {
  if (!c.AtEnd() && *c.p == '"') {
    const char* at = c.p;
    if (!ParseQuotedString(c, out, "quoted metric name")) return false;
    if (out->empty()) return Fail("bad_metric_name", "empty quoted metric name", at);
    return true;
  }
  const size_t length = MetricNameLength(c.Rest());
  if (length == 0) {
    return Fail("bad_metric_name",
                "expected a metric name ([a-zA-Z_:][a-zA-Z0-9_:]* or a quoted string)", c.p);
  }
  *out = std::string_view(c.p, length);
  c.p += length;
  return true;
}

bool ExpositionParser::ParseSample(Cursor line) {
  Cursor c = line;
  const char* name_at = c.p;
  size_t label_count = 0;
  std::string_view name;
  if (*c.p == '{') {
    if (!ParseLabelSet(c, &name, &label_count)) return false;
    if (name.empty()) {
      return Fail("missing_metric_name",
                  "sample has no metric name (write name{...} or {\"name\",...})", name_at);
    }
  } else {
    if (!ParseMetricName(c, &name)) return false;
    const char* after_name = c.p;
    SkipBlanks004(c);
    if (!c.AtEnd() && *c.p == '{') {
      if (!ParseLabelSet(c, nullptr, &label_count)) return false;
    } else if (!is_om_ && c.p == after_name) {
      return Fail("expected_space", "expected '{' or a space after the metric name", c.p);
    }
  }
  if (const LabelView* duplicate =
          SortAndFindDuplicate(scratch_labels_, label_count, label_order_)) {
    return Fail("duplicate_label", "duplicate label name \"" + std::string(duplicate->name) + "\"",
                duplicate->at);
  }
  const size_t family = ResolveFamily(name, name_at);
  if (family == kNoFamily) return false;
  Sample& sample = snapshot_.families[family].samples.emplace_back();
  sample.name = name;
  CopyInOrder(scratch_labels_, label_order_, sample.labels);
  if (!ParseValueAndTimestamp(c, sample)) return false;
  return RecordSample(family, name_at);
}

// Parses "{...}" at c.p into scratch_labels_[0, *label_count). When `metric_name` is given,
// a leading quoted string without '=' is the metric name (`{"my.metric",a="x"}`).
bool ExpositionParser::ParseLabelSet(Cursor& c, std::string_view* metric_name,
                                     size_t* label_count) {
  const char* open = c.p++;
  size_t count = 0;
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
    const bool quoted = *c.p == '"';
    if (quoted) {
      if (!ParseQuotedString(c, &label.name, "quoted label name")) return false;
    } else {
      const size_t length = LabelNameLength(c.Rest());
      if (length == 0) {
        if (is_om_ && IsBlank(*c.p)) {
          return Fail("unexpected_whitespace", "OpenMetrics allows no whitespace in a label set",
                      c.p);
        }
        return Fail("bad_label_name",
                    "expected a label name ([a-zA-Z_][a-zA-Z0-9_]* or a quoted string)", c.p);
      }
      label.name = std::string_view(c.p, length);
      c.p += length;
    }
    SkipBlanks004(c);
    if (quoted && metric_name != nullptr && item == 0 && !c.AtEnd() &&
        (*c.p == ',' || *c.p == '}')) {
      if (label.name.empty()) return Fail("bad_metric_name", "empty quoted metric name", item_at);
      *metric_name = label.name;
    } else {
      if (c.AtEnd() || *c.p != '=') {
        return Fail("expected_equals",
                    "expected '=' after label name \"" + std::string(label.name) + "\"", c.p);
      }
      ++c.p;
      SkipBlanks004(c);
      if (c.AtEnd() || *c.p != '"') {
        return Fail("expected_quote", "expected a quoted label value after '='", c.p);
      }
      if (!ParseQuotedString(c, &label.value, "label value")) return false;
      if (label.name.empty()) return Fail("bad_label_name", "empty label name", item_at);
      if (label.name == "__name__") {
        return Fail("reserved_label", "label name \"__name__\" is reserved", item_at);
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
  *label_count = count;
  return true;
}

bool ExpositionParser::ParseValueAndTimestamp(Cursor& c, Sample& sample) {
  if (is_om_ && !ExpectSeparator(c, "the value")) return false;
  SkipBlanks004(c);
  const char* value_at = c.p;
  while (!c.AtEnd() && !IsBlank(*c.p)) ++c.p;
  if (c.p == value_at) return Fail("missing_value", "expected a sample value", value_at);
  const std::optional<double> value = ParseValue(Token(value_at, c.p));
  if (!value) {
    return Fail("bad_value", "invalid sample value \"" + std::string(Token(value_at, c.p)) + "\"",
                value_at);
  }
  sample.value = *value;
  if (c.AtEnd()) return true;
  if (!is_om_) {
    const char* blanks_at = c.p;
    SkipBlanks004(c);
    if (c.AtEnd()) {
      Warn("trailing whitespace after the value", blanks_at);
      return true;
    }
    const char* stamp_at = c.p;
    while (!c.AtEnd() && !IsBlank(*c.p)) ++c.p;
    const std::optional<int64_t> millis = ParseIntegerTimestamp(Token(stamp_at, c.p));
    if (!millis) {
      return Fail("bad_timestamp",
                  *stamp_at == '#'
                      ? std::string("exemplars are only allowed in OpenMetrics (use --openmetrics)")
                      : "invalid timestamp \"" + std::string(Token(stamp_at, c.p)) +
                            "\": format 0.0.4 expects integer milliseconds",
                  stamp_at);
    }
    sample.timestamp_seconds = static_cast<double>(*millis) / 1000.0;
    blanks_at = c.p;
    SkipBlanks004(c);
    if (!c.AtEnd()) return Fail("unexpected_text", "unexpected text after the timestamp", c.p);
    if (c.p != blanks_at) Warn("trailing whitespace after the timestamp", blanks_at);
    return true;
  }
  if (!ExpectSeparator(c, "the timestamp or exemplar")) return false;
  if (*c.p == '#') return ParseExemplar(c, sample);
  const char* stamp_at = c.p;
  while (!c.AtEnd() && *c.p != ' ') ++c.p;
  const std::optional<double> seconds = ParseRealTimestamp(Token(stamp_at, c.p));
  if (!seconds) {
    return Fail("bad_timestamp",
                "invalid timestamp \"" + std::string(Token(stamp_at, c.p)) +
                    "\": OpenMetrics expects seconds as a finite number",
                stamp_at);
  }
  sample.timestamp_seconds = *seconds;
  if (c.AtEnd()) return true;
  if (!ExpectSeparator(c, "the exemplar")) return false;
  if (*c.p != '#') {
    return Fail("unexpected_text",
                "expected an exemplar (\"# {...} value\") or the end of the line", c.p);
  }
  return ParseExemplar(c, sample);
}

// OpenMetrics exemplar: "# {labels} value [timestamp]", only on counter totals and buckets.
bool ExpositionParser::ParseExemplar(Cursor& c, Sample& sample) {
  const char* hash_at = c.p++;
  const Family& family = snapshot_.families[current_];
  const bool allowed =
      (family.type == MetricType::kCounter && sample.name.ends_with("_total")) ||
      ((family.type == MetricType::kHistogram || family.type == MetricType::kGaugeHistogram) &&
       sample.name.ends_with("_bucket"));
  if (!allowed) {
    return Fail("exemplar_not_allowed",
                "exemplars are only allowed on counter _total and histogram _bucket samples",
                hash_at);
  }
  if (!ExpectSeparator(c, "the exemplar's labels")) return false;
  if (c.AtEnd() || *c.p != '{') {
    return Fail("bad_exemplar", "expected '{' to start the exemplar's labels", c.p);
  }
  const char* labels_at = c.p;
  size_t count = 0;
  if (!ParseLabelSet(c, nullptr, &count)) return false;
  Exemplar& exemplar = sample.exemplar.emplace();
  size_t length = 0;
  for (size_t i = 0; i < count; ++i) {
    length += CountCodePoints(scratch_labels_[i].name) + CountCodePoints(scratch_labels_[i].value);
  }
  if (length > 128) {
    return Fail("exemplar_too_long",
                "exemplar labels have " + std::to_string(length) +
                    " characters; OpenMetrics allows at most 128",
                labels_at);
  }
  if (const LabelView* duplicate = SortAndFindDuplicate(scratch_labels_, count, label_order_)) {
    return Fail("duplicate_label", "duplicate label name \"" + std::string(duplicate->name) + "\"",
                duplicate->at);
  }
  CopyInOrder(scratch_labels_, label_order_, exemplar.labels);
  if (!ExpectSeparator(c, "the exemplar value")) return false;
  const char* value_at = c.p;
  while (!c.AtEnd() && *c.p != ' ') ++c.p;
  const std::optional<double> value = ParseValue(Token(value_at, c.p));
  if (!value) {
    return Fail("bad_value", "invalid exemplar value \"" + std::string(Token(value_at, c.p)) + "\"",
                value_at);
  }
  exemplar.value = *value;
  if (c.AtEnd()) return true;
  if (!ExpectSeparator(c, "the exemplar timestamp")) return false;
  const char* stamp_at = c.p;
  while (!c.AtEnd() && *c.p != ' ') ++c.p;
  const std::optional<double> seconds = ParseRealTimestamp(Token(stamp_at, c.p));
  if (!seconds) {
    return Fail("bad_timestamp",
                "invalid exemplar timestamp \"" + std::string(Token(stamp_at, c.p)) + "\"",
                stamp_at);
  }
  exemplar.timestamp_seconds = *seconds;
  if (!c.AtEnd()) return Fail("unexpected_text", "unexpected text after the exemplar", c.p);
  return true;
}

bool ExpositionParser::RecordSample(size_t family, const char* line_at) {
  FamilyState& state = states_[family];
  const std::vector<Sample>& samples = snapshot_.families[family].samples;
  const auto sample = static_cast<uint32_t>(samples.size() - 1);
  state.sample_lines.push_back(line_number_);
  const std::optional<uint32_t> earlier = state.series.Insert(samples, sample);
  if (earlier) {
    return Fail("duplicate_series",
                "series " + SeriesText(samples[sample]) + " was already exposed at line " +
                    std::to_string(state.sample_lines[*earlier]),
                line_at);
  }
  return true;
}

}  // namespace slogate::promtext::internal
