#include "slogate/scrape/series_text.h"

#include <cmath>

#include "slogate/common/units.h"

namespace slogate::scrape {

std::string SeriesText(std::string_view name, const promtext::Labels& labels) {
  std::string text(name);
  if (labels.empty()) return text;
  text += '{';
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) text += ',';
    text += labels[i].name;
    text += "=\"";
    for (char c : labels[i].value) {
      if (c == '\\') {
        text += "\\\\";
      } else if (c == '"') {
        text += "\\\"";
      } else if (c == '\n') {
        text += "\\n";
      } else {
        text += c;
      }
    }
    text += '"';
  }
  text += '}';
  return text;
}

std::string ValueText(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return units::FormatNumber(value);
}

}  // namespace slogate::scrape
