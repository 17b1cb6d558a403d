#include "slogate/scrape/audit_types.h"

#include <algorithm>
#include <utility>

namespace slogate::scrape {
namespace {

constexpr std::string_view kPlaceholder = "{event_id}";

std::uint64_t Fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  return hash;
}

}  // namespace

Status ValidateAuditTemplate(std::string_view url_template) {
  if (url_template.find(kPlaceholder) == std::string_view::npos) {
    return MakeError("bad_audit_template", "audit URL template \"" + std::string(url_template) +
                                               "\" has no {event_id} placeholder");
  }
  return Status::Ok();
}

std::vector<std::string> AuditSample(const std::vector<std::string>& event_ids,
                                     std::uint64_t all_below, std::uint64_t sample_size) {
  if (event_ids.size() <= all_below || event_ids.size() <= sample_size) return event_ids;
  std::vector<std::pair<std::uint64_t, size_t>> ranked;  // (hash, position)
  ranked.reserve(event_ids.size());
  for (size_t i = 0; i < event_ids.size(); ++i) ranked.emplace_back(Fnv1a(event_ids[i]), i);
  const auto cut = ranked.begin() + static_cast<std::ptrdiff_t>(sample_size);
  std::nth_element(ranked.begin(), cut, ranked.end());
  ranked.resize(sample_size);
  std::sort(ranked.begin(), ranked.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  std::vector<std::string> sample;
  sample.reserve(ranked.size());
  for (const auto& [hash, position] : ranked) sample.push_back(event_ids[position]);
  return sample;
}

std::string AuditUrl(std::string_view url_template, std::string_view escaped_id) {
  std::string url;
  size_t from = 0;
  for (size_t at = url_template.find(kPlaceholder); at != std::string_view::npos;
       at = url_template.find(kPlaceholder, from)) {
    url.append(url_template.substr(from, at - from));
    url.append(escaped_id);
    from = at + kPlaceholder.size();
  }
  url.append(url_template.substr(from));
  return url;
}

}  // namespace slogate::scrape
