#include "exposition_parser.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "family_rules.h"
#include "text_scan.h"

namespace slogate::promtext::internal {

ExpositionParser::ExpositionParser(std::string text, Format format)
    : storage_(std::make_shared<SnapshotStorage>(std::move(text))),
      text_(storage_->text()),
      format_(format),
      is_om_(format == Format::kOpenMetrics100) {
  snapshot_.format = format;
}

Result<Snapshot> ExpositionParser::Run() && {
  // One pass over the bytes up front is cheaper than checking every token separately, and
  // catches invalid UTF-8 in comments and HELP text too.
  const size_t bad = FindInvalidUtf8(text_);
  if (bad != std::string_view::npos) {
    const std::string_view before = text_.substr(0, bad);
    const size_t last_newline = before.rfind('\n');
    line_begin_ = text_.data() + (last_newline == std::string_view::npos ? 0 : last_newline + 1);
    line_number_ = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
    Fail("invalid_utf8", "invalid UTF-8 byte sequence", text_.data() + bad);
    return std::move(*error_);
  }
  if (!ParseLines() || !CheckFamilies()) return std::move(*error_);
  snapshot_.storage = std::move(storage_);
  return std::move(snapshot_);
}

bool ExpositionParser::ParseLines() {
  const char* p = text_.data();
  const char* const end = p + text_.size();
  while (p < end) {
    ++line_number_;
    line_begin_ = p;
    const auto* newline =
        static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    const char* line_end = newline != nullptr ? newline : end;
    if (line_end > p && line_end[-1] == '\r') {
      return Fail("crlf", "line ends with CR LF; the format requires LF line endings",
                  line_end - 1);
    }
    if (newline == nullptr &&
        !(is_om_ && std::string_view(p, static_cast<size_t>(end - p)) == "# EOF")) {
      return Fail("missing_final_newline", "the last line does not end with a newline", end);
    }
    if (!ParseLine(Cursor{p, line_end})) return false;
    p = newline != nullptr ? newline + 1 : end;
    if (seen_eof_) return CheckAfterEof(p);
  }
  if (is_om_) {
    line_begin_ = end;
    ++line_number_;
    return Fail("missing_eof", "OpenMetrics exposition does not end with \"# EOF\"", end);
  }
  return true;
}

bool ExpositionParser::CheckAfterEof(const char* next_line) {
  const char* const end = text_.data() + text_.size();
  if (next_line == end) return true;
  ++line_number_;
  line_begin_ = next_line;
  return Fail("data_after_eof", "nothing may follow \"# EOF\"", next_line);
}

bool ExpositionParser::ParseLine(Cursor line) {
  if (!is_om_) {
    SkipBlanks004(line);
    if (line.AtEnd()) return true;
    if (*line.p == '#') return ParseComment004(line);
    return ParseSample(line);
  }
  if (line.AtEnd()) return Fail("blank_line", "OpenMetrics does not allow blank lines", line.p);
  if (*line.p == '#') return ParseMetadataOm(line);
  if (IsBlank(*line.p)) {
    return Fail("unexpected_whitespace", "OpenMetrics does not allow leading whitespace", line.p);
  }
  return ParseSample(line);
}

// 0.0.4: "# HELP name text", "# TYPE name type"; any other comment is ignored.
bool ExpositionParser::ParseComment004(Cursor line) {
  ++line.p;  // '#'
  SkipBlanks004(line);
  const char* keyword_start = line.p;
  while (!line.AtEnd() && !IsBlank(*line.p)) ++line.p;
  const std::string_view keyword(keyword_start, static_cast<size_t>(line.p - keyword_start));
  if (keyword != "HELP" && keyword != "TYPE") return true;
  SkipBlanks004(line);
  const char* name_at = line.p;
  std::string_view name_view;
  if (!ParseMetricName(line, &name_view)) return false;
  const std::string name(name_view);
  if (!line.AtEnd() && !IsBlank(*line.p)) {
    return Fail("bad_metric_name",
                "unexpected character after the metric name in " + std::string(keyword) + " line",
                line.p);
  }
  SkipBlanks004(line);
  return ApplyMetadata(keyword, name, line, name_at);
}

// OpenMetrics: "# HELP name text", "# TYPE name type", "# UNIT name unit", "# EOF".
bool ExpositionParser::ParseMetadataOm(Cursor line) {
  const std::string_view text = line.Rest();
  if (text == "# EOF") {
    seen_eof_ = true;
    return true;
  }
  if (!text.starts_with("# ")) {
    return Fail("bad_comment",
                "OpenMetrics lines starting with '#' must be \"# HELP\", "
                "\"# TYPE\", \"# UNIT\" or \"# EOF\"",
                line.p);
  }
  line.p += 2;
  const char* keyword_start = line.p;
  while (!line.AtEnd() && *line.p != ' ') ++line.p;
  const std::string_view keyword(keyword_start, static_cast<size_t>(line.p - keyword_start));
  if (keyword != "HELP" && keyword != "TYPE" && keyword != "UNIT") {
    return Fail("bad_comment",
                "unknown OpenMetrics comment \"# " + std::string(keyword) +
                    "\"; only HELP, TYPE, UNIT and EOF are allowed",
                keyword_start);
  }
  if (!ExpectSeparator(line, "the metric name")) return false;
  const char* name_at = line.p;
  std::string_view name_view;
  if (!ParseMetricName(line, &name_view)) return false;
  const std::string name(name_view);
  if (!line.AtEnd()) {
    // HELP and UNIT may be empty ("# HELP foo"); otherwise one space follows the name. The
    // HELP text itself may start with more spaces.
    if (keyword == "HELP" && *line.p == ' ') {
      ++line.p;
    } else if (!ExpectSeparator(line, keyword == "TYPE" ? "the type" : "the unit")) {
      return false;
    }
  }
  return ApplyMetadata(keyword, name, line, name_at);
}

bool ExpositionParser::ApplyMetadata(std::string_view keyword, const std::string& name, Cursor rest,
                                     const char* name_at) {
  size_t family = FindFamilyIndex(name);
  if (is_om_) {
    if (family != kNoFamily && family != current_) {
      return Fail("duplicate_family",
                  "metric family \"" + name + "\" already appeared at line " +
                      std::to_string(states_[family].first_line) +
                      "; OpenMetrics requires each family to be exposed once, contiguously",
                  name_at);
    }
    if (family != kNoFamily && !snapshot_.families[family].samples.empty()) {
      return Fail("metadata_after_samples",
                  std::string(keyword) + " line for \"" + name + "\" after its samples", name_at);
    }
  }
  if (family == kNoFamily) family = AddFamily(name, MetricType::kUnknown);
  current_ = family;
  if (keyword == "HELP") return ApplyHelp(family, rest);
  if (keyword == "TYPE") return ApplyType(family, rest);
  return ApplyUnit(family, rest);
}

bool ExpositionParser::ApplyHelp(size_t family, Cursor text) {
  FamilyState& state = states_[family];
  Family& target = snapshot_.families[family];
  if (state.has_help) {
    return Fail("duplicate_help", "second HELP line for \"" + target.name + "\"", text.p);
  }
  state.has_help = true;
  if (!target.samples.empty()) {
    Warn("HELP line for \"" + target.name + "\" after its samples", text.p);
  }
  if (is_om_) {
    const auto bad = Unescape(text.Rest(), target.help);
    if (bad) {
      return Fail("bad_escape",
                  "invalid escape sequence " + DescribeEscape(bad->escaped) +
                      " in HELP text (allowed: \\\\, \\\" and \\n)",
                  text.p + bad->offset);
    }
    return true;
  }
  const auto unknown = UnescapeHelp004(text.Rest(), target.help);
  if (unknown) {
    Warn("escape sequence " + DescribeEscape(unknown->escaped) +
             " in HELP text is not defined by format 0.0.4 (only \\\\ and \\n); kept as written",
         text.p + unknown->offset);
  }
  return true;
}

bool ExpositionParser::ApplyType(size_t family, Cursor text) {
  FamilyState& state = states_[family];
  Family& target = snapshot_.families[family];
  std::string_view keyword = text.Rest();
  if (!is_om_) {
    while (!keyword.empty() && IsBlank(keyword.back())) keyword.remove_suffix(1);
  }
  if (state.has_type) {
    return Fail("duplicate_type", "second TYPE line for \"" + target.name + "\"", text.p);
  }
  if (!target.samples.empty()) {
    return Fail("type_after_samples", "TYPE line for \"" + target.name + "\" after its samples",
                text.p);
  }
  if (keyword.empty()) return Fail("missing_type", "TYPE line without a type", text.p);
  const std::optional<MetricType> type = ParseTypeKeyword(keyword, format_);
  if (!type) {
    return Fail("bad_type",
                "unknown metric type \"" + std::string(keyword) + "\" for format " +
                    (is_om_ ? "OpenMetrics 1.0" : "0.0.4"),
                text.p);
  }
  state.has_type = true;
  target.type = *type;
  return true;
}

bool ExpositionParser::ApplyUnit(size_t family, Cursor text) {
  FamilyState& state = states_[family];
  Family& target = snapshot_.families[family];
  if (state.has_unit) {
    return Fail("duplicate_unit", "second UNIT line for \"" + target.name + "\"", text.p);
  }
  const std::string_view unit = text.Rest();
  for (const char c : unit) {
    if (!IsMetricNameChar(c)) {
      return Fail("bad_unit", "unit \"" + std::string(unit) + "\" has invalid characters", text.p);
    }
  }
  if (!unit.empty() &&
      !(std::string_view(target.name).ends_with(unit) && target.name.size() > unit.size() &&
        target.name[target.name.size() - unit.size() - 1] == '_')) {
    return Fail("unit_mismatch",
                "metric family \"" + target.name + "\" must end in \"_" + std::string(unit) +
                    "\" to declare unit \"" + std::string(unit) + "\"",
                text.p);
  }
  state.has_unit = true;
  target.unit = std::string(unit);
  return true;
}

size_t ExpositionParser::AddFamily(std::string name, MetricType type) {
  const size_t index = snapshot_.families.size();
  family_by_name_.emplace(name, index);
  Family& family = snapshot_.families.emplace_back();
  family.name = std::move(name);
  family.type = type;
  states_.emplace_back().first_line = line_number_;
  return index;
}

size_t ExpositionParser::FindFamilyIndex(std::string_view name) const {
  const auto it = family_by_name_.find(name);
  return it == family_by_name_.end() ? kNoFamily : it->second;
}

bool ExpositionParser::Fail(std::string code, std::string message, const char* at) {
  error_ = MakeError(std::move(code), std::move(message), line_number_, ColumnOf(at));
  return false;
}

void ExpositionParser::Warn(std::string message, const char* at) {
  snapshot_.warnings.push_back(Warning{std::move(message), line_number_, ColumnOf(at)});
}

// Columns count code points, as an editor shows them.
int ExpositionParser::ColumnOf(const char* at) const {
  return 1 + static_cast<int>(CountCodePoints(
                 std::string_view(line_begin_, static_cast<size_t>(at - line_begin_))));
}

}  // namespace slogate::promtext::internal
