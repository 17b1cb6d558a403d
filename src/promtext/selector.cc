#include "slogate/promtext/selector.h"

#include <utility>

#include <re2/re2.h>

#include "slogate/promtext/label_value.h"
#include "text_scan.h"

namespace slogate::promtext {
namespace {

using internal::IsBlank;

Error SelectorError(std::string message, size_t offset) {
  return MakeError("bad_selector", std::move(message), 1, static_cast<int>(offset) + 1);
}

// Recursive-descent reader over the selector text; positions are byte offsets.
class SelectorReader {
 public:
  explicit SelectorReader(std::string_view text) : text_(text) {}

  void SkipBlanks() {
    while (pos_ < text_.size() && (IsBlank(text_[pos_]) || text_[pos_] == '\n')) ++pos_;
  }
  bool AtEnd() const { return pos_ == text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  size_t pos() const { return pos_; }
  // The offset in the text of the character at `unescaped` in the string whose opening quote
  // is at `open` (TakeString's value): escapes are two characters there, one in the value.
  size_t SourceOffset(size_t open, size_t unescaped) const {
    size_t at = open + 1;
    for (size_t seen = 0; seen < unescaped && at < text_.size(); ++seen) {
      at += text_[at] == '\\' ? 2 : 1;
    }
    return at;
  }
  bool Consume(std::string_view token) {
    if (text_.substr(pos_).starts_with(token)) {
      pos_ += token.size();
      return true;
    }
    return false;
  }

  std::string_view TakeName(bool metric) {
    const std::string_view rest = text_.substr(pos_);
    const size_t length =
        metric ? internal::MetricNameLength(rest) : internal::LabelNameLength(rest);
    pos_ += length;
    return rest.substr(0, length);
  }

  // A double- or single-quoted string with \\ \" \' \n \t escapes.
  Result<std::string> TakeString() {
    const size_t open = pos_;
    const char quote = text_[pos_++];
    std::string value;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      char c = text_[pos_++];
      if (c == '\\') {
        if (pos_ == text_.size()) break;
        const char escaped = text_[pos_++];
        switch (escaped) {
          case '\\':
          case '"':
          case '\'':
            c = escaped;
            break;
          case 'n':
            c = '\n';
            break;
          case 't':
            c = '\t';
            break;
          default:
            return SelectorError("invalid escape sequence " + internal::DescribeEscape(escaped),
                                 pos_ - 2);
        }
      }
      value.push_back(c);
    }
    if (pos_ == text_.size()) return SelectorError("unterminated string", open);
    ++pos_;
    return value;
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

std::string Quote(std::string_view value) { return '"' + EscapeLabelValue(value) + '"'; }

bool IsLegacyName(std::string_view name, bool metric) {
  return !name.empty() && (metric ? internal::MetricNameLength(name)
                                  : internal::LabelNameLength(name)) == name.size();
}

std::string_view OpText(MatchOp op) {
  switch (op) {
    case MatchOp::kEqual:
      return "=";
    case MatchOp::kNotEqual:
      return "!=";
    case MatchOp::kRegexMatch:
      return "=~";
    case MatchOp::kRegexNoMatch:
      return "!~";
  }
  return "=";
}

std::string_view LabelValue(const Sample& sample, std::string_view name) {
  if (name == "__name__") return sample.name;
  for (const Label& label : sample.labels) {
    if (label.name == name) return label.value;
  }
  return {};
}

// Compiles a label matcher's regex the way PromQL reads it: RE2 syntax (PromQL runs Go's regexp,
// the same language), `.` matching newlines as in Prometheus 3; Matches() anchors it at both
// ends. The pattern is compiled as written, not wrapped in "^(?:...)$", so a fragment like
// `a)|(b` is an error rather than a different regex. RE2 runs in
// time linear in the input, so neither a user's selector nor a target's label values can make
// matching take long; it refuses backreferences and repetition counts above 1000 as Prometheus
// does, and bounds its own memory.
Result<std::shared_ptr<const re2::RE2>> CompileAnchored(const std::string& pattern,
                                                        const SelectorReader& reader,
                                                        size_t value_at) {
  re2::RE2::Options options;
  options.set_log_errors(false);  // the error goes into our message, not onto stderr
  options.set_dot_nl(true);
  auto regex = std::make_shared<const re2::RE2>(pattern, options);
  if (regex->ok()) return std::shared_ptr<const re2::RE2>(std::move(regex));
  // Point at the fragment RE2 names when it is in the pattern, else at the opening quote.
  const size_t fragment = regex->error_arg().empty() ? std::string::npos
                                                     : pattern.find(regex->error_arg());
  return SelectorError("invalid regex \"" + pattern + "\": " + regex->error(),
                       fragment == std::string::npos ? value_at
                                                     : reader.SourceOffset(value_at, fragment));
}

}  // namespace

bool LabelMatcher::Matches(std::string_view label_value) const {
  switch (op) {
    case MatchOp::kEqual:
      return label_value == value;
    case MatchOp::kNotEqual:
      return label_value != value;
    case MatchOp::kRegexMatch:
      return re2::RE2::FullMatch(label_value, *regex);
    case MatchOp::kRegexNoMatch:
      return !re2::RE2::FullMatch(label_value, *regex);
  }
  return false;
}

namespace {

// One "name op value" inside braces, or (first position only) a quoted metric name.
Result<LabelMatcher> ReadMatcher(SelectorReader& reader) {
  LabelMatcher matcher;
  const size_t name_at = reader.pos();
  if (reader.Peek() == '"' || reader.Peek() == '\'') {
    Result<std::string> name = reader.TakeString();
    if (!name.ok()) return name.error();
    matcher.name = std::move(*name);
  } else {
    matcher.name = std::string(reader.TakeName(/*metric=*/false));
    if (matcher.name.empty()) return SelectorError("expected a label name", name_at);
  }
  reader.SkipBlanks();
  const size_t op_at = reader.pos();
  if (reader.Consume("=~")) {
    matcher.op = MatchOp::kRegexMatch;
  } else if (reader.Consume("!~")) {
    matcher.op = MatchOp::kRegexNoMatch;
  } else if (reader.Consume("!=")) {
    matcher.op = MatchOp::kNotEqual;
  } else if (reader.Consume("=")) {
    matcher.op = MatchOp::kEqual;
  } else {
    return SelectorError("expected one of =, !=, =~, !~ after \"" + matcher.name + "\"", op_at);
  }
  reader.SkipBlanks();
  const size_t value_at = reader.pos();
  if (reader.Peek() != '"' && reader.Peek() != '\'') {
    return SelectorError("expected a quoted value", value_at);
  }
  Result<std::string> value = reader.TakeString();
  if (!value.ok()) return value.error();
  matcher.value = std::move(*value);
  if (matcher.op == MatchOp::kRegexMatch || matcher.op == MatchOp::kRegexNoMatch) {
    Result<std::shared_ptr<const re2::RE2>> regex = CompileAnchored(matcher.value, reader, value_at);
    if (!regex.ok()) return regex.error();
    matcher.regex = std::move(*regex);
  }
  return matcher;
}

}  // namespace

Result<Selector> Selector::Parse(std::string_view text) {
  Selector selector;
  SelectorReader reader(text);
  reader.SkipBlanks();
  if (reader.Peek() != '{') {
    selector.metric_name_ = std::string(reader.TakeName(/*metric=*/true));
    if (selector.metric_name_.empty()) {
      return SelectorError("expected a metric name or '{'", reader.pos());
    }
    reader.SkipBlanks();
  }
  if (reader.Consume("{")) {
    for (bool first = true;; first = false) {
      reader.SkipBlanks();
      if (reader.Consume("}")) break;
      const size_t item_at = reader.pos();
      const bool quoted = reader.Peek() == '"' || reader.Peek() == '\'';
      if (first && quoted && selector.metric_name_.empty()) {
        // {"my.metric", ...}: a quoted string that is not followed by an operator.
        SelectorReader lookahead = reader;
        Result<std::string> name = lookahead.TakeString();
        lookahead.SkipBlanks();
        if (name.ok() && (lookahead.Peek() == ',' || lookahead.Peek() == '}')) {
          selector.metric_name_ = std::move(*name);
          reader = lookahead;
          if (selector.metric_name_.empty()) {
            return SelectorError("empty metric name", item_at);
          }
        }
      }
      if (reader.pos() == item_at) {
        Result<LabelMatcher> matcher = ReadMatcher(reader);
        if (!matcher.ok()) return matcher.error();
        selector.matchers_.push_back(std::move(*matcher));
      }
      reader.SkipBlanks();
      if (reader.Consume("}")) break;
      if (!reader.Consume(",")) return SelectorError("expected ',' or '}'", reader.pos());
    }
    reader.SkipBlanks();
  }
  if (!reader.AtEnd()) return SelectorError("unexpected text after the selector", reader.pos());
  if (selector.metric_name_.empty() && selector.matchers_.empty()) {
    return SelectorError("a selector needs a metric name or at least one label matcher", 0);
  }
  return selector;
}

bool Selector::Matches(const Sample& sample) const {
  if (!metric_name_.empty() && sample.name != metric_name_) return false;
  for (const LabelMatcher& matcher : matchers_) {
    if (!matcher.Matches(LabelValue(sample, matcher.name))) return false;
  }
  return true;
}

std::string Selector::ToString() const {
  const bool legacy_name = metric_name_.empty() || IsLegacyName(metric_name_, /*metric=*/true);
  std::string text = legacy_name ? metric_name_ : std::string();
  if (legacy_name && matchers_.empty()) return text;
  text += '{';
  if (!legacy_name) text += Quote(metric_name_);
  for (const LabelMatcher& matcher : matchers_) {
    if (text.back() != '{') text += ',';
    text += IsLegacyName(matcher.name, /*metric=*/false) ? matcher.name : Quote(matcher.name);
    text += OpText(matcher.op);
    text += Quote(matcher.value);
  }
  return text + '}';
}

std::vector<const Sample*> Select(const Snapshot& snapshot, const Selector& selector) {
  std::vector<const Sample*> matches;
  const std::string_view name = selector.metric_name();
  for (const Family& family : snapshot.families) {
    // A sample's name always starts with its family's name, so most families are skipped
    // without looking at their samples.
    if (!name.empty() && !name.starts_with(family.name)) continue;
    for (const Sample& sample : family.samples) {
      if (selector.Matches(sample)) matches.push_back(&sample);
    }
  }
  return matches;
}

std::optional<double> Sum(const Snapshot& snapshot, const Selector& selector) {
  std::optional<double> sum;
  for (const Sample* sample : Select(snapshot, selector)) sum = sum.value_or(0) + sample->value;
  return sum;
}

}  // namespace slogate::promtext
