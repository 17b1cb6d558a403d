#include "slogate/scrape/promql.h"

#include <algorithm>

namespace slogate::scrape {
namespace {

// The matchers of `selector` as PromQL writes them inside braces: `a="x",b=~"y"`.
std::string MatcherText(const promtext::Selector& selector) {
  const std::string text = selector.ToString();
  const size_t open = text.find('{');
  if (open == std::string::npos || selector.matchers().empty()) return "";
  return text.substr(open + 1, text.size() - open - 2);
}

}  // namespace

Result<promtext::Selector> ParsePromSelector(std::string_view text) {
  if (text.empty()) return promtext::Selector();  // no matchers
  Result<promtext::Selector> selector = promtext::Selector::Parse(text);
  if (!selector.ok()) {
    return Error{"bad_selector",
                 "PROM_SELECTOR: " + selector.error().message +
                     " (write label matchers, e.g. {namespace=\"staging\",job=\"gateway\"})"};
  }
  if (!selector->metric_name().empty()) {
    return Error{"bad_selector", "PROM_SELECTOR names the metric \"" + selector->metric_name() +
                                     "\"; give label matchers only, e.g. {job=\"gateway\"}: the "
                                     "suite adds each metric's name itself"};
  }
  return selector;
}

Result<std::string> MergeSelector(std::string_view metric, std::string_view prom_selector) {
  Result<promtext::Selector> own = promtext::Selector::Parse(metric);
  if (!own.ok()) return Error{"bad_selector", own.error().message};
  Result<promtext::Selector> common = ParsePromSelector(prom_selector);
  if (!common.ok()) return common.error();
  std::string matchers = MatcherText(*own);
  const std::string added = MatcherText(*common);
  if (!added.empty()) matchers += (matchers.empty() ? "" : ",") + added;
  std::string merged = own->metric_name();
  if (!matchers.empty()) merged += "{" + matchers + "}";
  // Read back: the text sent is a selector that parses, whatever the matchers held.
  Result<promtext::Selector> check = promtext::Selector::Parse(merged);
  if (!check.ok()) return Error{"bad_selector", merged + ": " + check.error().message};
  return merged;
}

std::string PromDuration(std::chrono::milliseconds duration) {
  return std::to_string(std::max<std::chrono::milliseconds::rep>(duration.count(), 1)) + "ms";
}

Result<std::vector<std::string>> IngestionQueries(const std::vector<std::string>& metrics,
                                                 std::string_view prom_selector) {
  std::vector<std::string> queries;
  std::vector<std::string> names;
  for (const std::string& metric : metrics) {
    Result<promtext::Selector> selector = promtext::Selector::Parse(metric);
    if (!selector.ok()) return Error{"bad_selector", selector.error().message};
    const std::string& name = selector->metric_name();
    if (name.empty() || std::find(names.begin(), names.end(), name) != names.end()) continue;
    names.push_back(name);
    Result<std::string> merged = MergeSelector(name, prom_selector);
    if (!merged.ok()) return merged.error();
    queries.push_back("min(timestamp(" + *merged + "))");
  }
  if (queries.empty()) return Error{"bad_selector", "no metric names to wait for"};
  return queries;
}

}  // namespace slogate::scrape
