// Which family a sample line belongs to.
//
// OpenMetrics: a sample belongs to the family whose metadata or samples came just before it;
// anything else starts a new (unknown) family, and a family may appear only once. 0.0.4 is
// looser, like Prometheus' own parser: a sample may join a family declared earlier (with a
// warning when it is not contiguous), and an unknown name starts an untyped family.
#include <array>

#include "exposition_parser.h"
#include "family_rules.h"

namespace slogate::promtext::internal {

size_t ExpositionParser::ResolveFamily(std::string_view sample_name, const char* at) {
  if (current_ != kNoFamily) {
    const Family& family = snapshot_.families[current_];
    if (SampleBelongsTo(sample_name, family.name, family.type, format_)) return current_;
  }
  return is_om_ ? ResolveFamilyOm(sample_name, at) : ResolveFamily004(sample_name);
}

size_t ExpositionParser::ResolveFamily004(std::string_view sample_name) {
  static constexpr std::array<std::string_view, 3> kSuffixes = {"_bucket", "_sum", "_count"};
  size_t found = kNoFamily;
  for (const std::string_view suffix : kSuffixes) {
    if (!sample_name.ends_with(suffix)) continue;
    const size_t base = FindFamilyIndex(sample_name.substr(0, sample_name.size() - suffix.size()));
    if (base != kNoFamily && SampleBelongsTo(sample_name, snapshot_.families[base].name,
                                             snapshot_.families[base].type, format_)) {
      found = base;
    }
    break;
  }
  if (found == kNoFamily) {
    const size_t same = FindFamilyIndex(sample_name);
    if (same != kNoFamily) {
      const Family& family = snapshot_.families[same];
      if (!SampleBelongsTo(sample_name, family.name, family.type, format_)) {
        Fail("bad_suffix",
             "sample \"" + std::string(sample_name) + "\" is not valid in " +
                 std::string(MetricTypeName(family.type)) + " family \"" + family.name +
                 "\" (expected " + ExpectedSampleNames(family.name, family.type, format_) + ")",
             line_begin_);
        return kNoFamily;
      }
      found = same;
    }
  }
  if (found == kNoFamily) {
    found = AddFamily(std::string(sample_name), MetricType::kUnknown);
  } else if (!snapshot_.families[found].samples.empty()) {
    Warn("samples of family \"" + snapshot_.families[found].name +
             "\" are not contiguous (other families' lines come in between)",
         line_begin_);
  }
  current_ = found;
  return found;
}

size_t ExpositionParser::ResolveFamilyOm(std::string_view sample_name, const char* at) {
  if (current_ != kNoFamily) {
    const Family& family = snapshot_.families[current_];
    if (FamilySuffix(sample_name, family.name)) {
      Fail("bad_suffix",
           "sample \"" + std::string(sample_name) + "\" is not valid in " +
               std::string(MetricTypeName(family.type)) + " family \"" + family.name +
               "\" (expected " + ExpectedSampleNames(family.name, family.type, format_) + ")",
           at);
      return kNoFamily;
    }
  }
  // A sample of a family seen earlier means the families are interleaved.
  static constexpr std::array<std::string_view, 9> kSuffixes = {
      "", "_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info"};
  for (const std::string_view suffix : kSuffixes) {
    if (!sample_name.ends_with(suffix)) continue;
    const size_t earlier =
        FindFamilyIndex(sample_name.substr(0, sample_name.size() - suffix.size()));
    if (earlier == kNoFamily) continue;
    const Family& family = snapshot_.families[earlier];
    if (!SampleBelongsTo(sample_name, family.name, family.type, format_)) continue;
    Fail("duplicate_family",
         "sample \"" + std::string(sample_name) + "\" belongs to family \"" + family.name +
             "\" from line " + std::to_string(states_[earlier].first_line) +
             "; OpenMetrics requires each family's lines to be contiguous",
         at);
    return kNoFamily;
  }
  current_ = AddFamily(std::string(sample_name), MetricType::kUnknown);
  return current_;
}

}  // namespace slogate::promtext::internal
