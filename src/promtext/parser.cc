#include "slogate/promtext/parser.h"

#include <cctype>
#include <string>
#include <utility>

#include "exposition_parser.h"
#include "slogate/common/huge_pages.h"

namespace slogate::promtext {

Result<Snapshot> Parse(std::string_view text, Format format) {
  std::string copy;
  copy.reserve(text.size());
  AdviseHugePages(copy.data(), text.size());  // before the copy first touches it
  copy.assign(text);
  return internal::ExpositionParser(std::move(copy), format).Run();
}

Result<Snapshot> ParseOwned(std::string text, Format format) {
  return internal::ExpositionParser(std::move(text), format).Run();
}

Format FormatFromContentType(std::string_view content_type) {
  // Media types are case-insensitive; parameters (version, charset) do not change the grammar.
  std::string media_type;
  for (const char c : content_type) {
    if (c == ';') break;
    if (c == ' ' || c == '\t') continue;
    media_type.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return media_type == "application/openmetrics-text" ? Format::kOpenMetrics100
                                                      : Format::kPrometheusText004;
}

}  // namespace slogate::promtext
