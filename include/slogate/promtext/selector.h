// Series selectors in PromQL's instant-vector syntax: `name`, `name{a="x",b=~"re"}`,
// `{a!="x"}`, `{__name__=~"foo_.*"}`, with =, !=, =~ and !~ matchers.
//
// Regexes are RE2, the syntax PromQL uses, and fully anchored like PromQL: `=~"a|b"` matches
// exactly "a" or "b". Matching takes time linear in the label value. A label that a sample
// does not carry has the value "" for matching purposes, as in PromQL.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "slogate/common/result.h"
#include "slogate/promtext/snapshot.h"

namespace re2 {
class RE2;
}

namespace slogate::promtext {

enum class MatchOp { kEqual, kNotEqual, kRegexMatch, kRegexNoMatch };

struct LabelMatcher {
  std::string name;
  MatchOp op = MatchOp::kEqual;
  std::string value;  // unescaped; the regex source for the regex ops
  // Compiled, anchored regex for kRegexMatch/kRegexNoMatch; shared so copies stay cheap.
  std::shared_ptr<const re2::RE2> regex;

  bool Matches(std::string_view label_value) const;
};

// An immutable, parsed selector. Copyable; all const methods are thread-safe.
class Selector {
 public:
  // Parses `text`. Errors (code "bad_selector", column set, line 1) name what was expected.
  static Result<Selector> Parse(std::string_view text);

  // True when the sample's name equals the selector's metric name (if it has one) and every
  // label matcher holds.
  bool Matches(const Sample& sample) const;

  // Canonical text that Parse() reads back to an equal selector: `name{a="x",b=~"y"}`.
  std::string ToString() const;

  // The metric name, empty when the selector has none (`{a="x"}`).
  const std::string& metric_name() const { return metric_name_; }
  const std::vector<LabelMatcher>& matchers() const { return matchers_; }

 private:
  std::string metric_name_;
  std::vector<LabelMatcher> matchers_;
};

// All samples of `snapshot` that `selector` matches, in exposition order. The pointers are
// valid as long as `snapshot` is alive and unmodified.
std::vector<const Sample*> Select(const Snapshot& snapshot, const Selector& selector);

// The sum of the values of the matching samples; nullopt when nothing matches.
std::optional<double> Sum(const Snapshot& snapshot, const Selector& selector);

}  // namespace slogate::promtext
