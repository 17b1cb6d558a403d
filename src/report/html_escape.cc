#include "html_escape.h"

#include "slogate/report/redact.h"

namespace slogate::report {

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string RedactedHtml(std::string_view text) { return HtmlEscape(RedactText(text)); }

}  // namespace slogate::report
