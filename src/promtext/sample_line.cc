// Sample lines: name, label set, value, timestamp and (OpenMetrics) exemplar.
#include <utility>

#include "exposition_parser.h"
#include "family_rules.h"
#include "slogate/promtext/label_value.h"
#include "text_scan.h"

namespace slogate::promtext::internal {
namespace {

std::string SeriesText(const Sample& sample) {
  std::string text(sample.name);
  if (sample.labels.empty()) return text;
  text += '{';
  for (size_t i = 0; i < sample.labels.size(); ++i) {
    if (i > 0) text += ',';
    text += sample.labels[i].name;
    text += "=\"" + EscapeLabelValue(sample.labels[i].value) + '"';
  }
  return text + '}';
}

std::string_view Token(const char* begin, const char* end) {
  return {begin, static_cast<size_t>(end - begin)};
}

constexpr bool IsSpace(char c) { return c == ' '; }

// The end of the token at `p`: the first separator (IsBlank or IsSpace) or `end`. Walks a local
// pointer; through the cursor, every step would reload it.
const char* TokenEnd(const char* p, const char* end, bool (*is_separator)(char)) {
  while (p != end && !is_separator(*p)) ++p;
  return p;
}

}  // namespace

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

// True when the line at c.p starts with previous_name_ followed by '{' or a blank, i.e. where
// scanning a legacy metric name would find exactly previous_name_.
bool ExpositionParser::RepeatsPreviousName(const Cursor& c) const {
  const size_t size = previous_name_.size();
  return size != 0 && static_cast<size_t>(c.end - c.p) > size &&
         (c.p[size] == '{' || IsBlank(c.p[size])) && SameBytes(c.p, previous_name_.data(), size);
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
  bool repeated_name = false;
  same_label_names_ = false;
  if (*c.p == '{') {
    previous_name_ = {};
    if (!ParseLabelSet(c, &name, &label_count)) return false;
    if (name.empty()) {
      return Fail("missing_metric_name",
                  "sample has no metric name (write name{...} or {\"name\",...})", name_at);
    }
  } else {
    repeated_name = RepeatsPreviousName(c);
    if (repeated_name) {
      // Most samples repeat the previous sample's (already checked) name: compare, not scan.
      name = std::string_view(c.p, previous_name_.size());
      c.p += name.size();
    } else {
      if (!ParseMetricName(c, &name)) return false;
      previous_name_ = *name_at == '"' ? std::string_view() : name;
    }
    const char* after_name = c.p;
    SkipBlanks004(c);
    if (!c.AtEnd() && *c.p == '{') {
      if (!ParseLabelSet(c, nullptr, &label_count)) return false;
    } else if (!is_om_ && c.p == after_name) {
      return Fail("expected_space", "expected '{' or a space after the metric name", c.p);
    }
  }
  if (const LabelView* duplicate = SortSampleLabels(label_count)) {
    return Fail("duplicate_label", "duplicate label name \"" + std::string(duplicate->name) + "\"",
                duplicate->at);
  }
  // The previous sample had this name and went into current_: so does this one (a family's
  // name and type do not change once it has samples).
  const size_t family =
      repeated_name && previous_family_ == current_ ? current_ : ResolveFamily(name, name_at);
  if (family == kNoFamily) return false;
  previous_family_ = family;
  Sample& sample = snapshot_.families[family].samples.emplace_back();
  sample.name = name;
  sample.labels = StoreLabels(label_count);
  if (!ParseValueAndTimestamp(c, sample)) return false;
  return RecordSample(family, name_at);
}

bool ExpositionParser::ParseValueAndTimestamp(Cursor& c, Sample& sample) {
  if (is_om_ && !ExpectSeparator(c, "the value")) return false;
  SkipBlanks004(c);
  const char* value_at = c.p;
  c.p = TokenEnd(c.p, c.end, IsBlank);
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
    c.p = TokenEnd(c.p, c.end, IsBlank);
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
  c.p = TokenEnd(c.p, c.end, IsSpace);
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
  Exemplar& exemplar = storage_->AddExemplar();
  sample.exemplar = &exemplar;
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
  if (const LabelView* duplicate = SortExemplarLabels(count)) {
    return Fail("duplicate_label", "duplicate label name \"" + std::string(duplicate->name) + "\"",
                duplicate->at);
  }
  exemplar.labels = StoreLabels(count);
  if (!ExpectSeparator(c, "the exemplar value")) return false;
  const char* value_at = c.p;
  c.p = TokenEnd(c.p, c.end, IsSpace);
  const std::optional<double> value = ParseValue(Token(value_at, c.p));
  if (!value) {
    return Fail("bad_value", "invalid exemplar value \"" + std::string(Token(value_at, c.p)) + "\"",
                value_at);
  }
  exemplar.value = *value;
  if (c.AtEnd()) return true;
  if (!ExpectSeparator(c, "the exemplar timestamp")) return false;
  const char* stamp_at = c.p;
  c.p = TokenEnd(c.p, c.end, IsSpace);
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
