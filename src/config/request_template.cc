#include "slogate/config/request_template.h"

#include <functional>
#include <string_view>

namespace slogate::config {
namespace {

using Escape = std::function<std::string(std::string_view)>;

std::string JsonEscaped(std::string_view text) {
  constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20) {
      out += "\\u00";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

std::string PercentEncoded(std::string_view text) {
  constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  return out;
}

// Replaces every placeholder in one left-to-right pass, so a value that itself contains
// "{tenant}" is never expanded again.
std::string Render(std::string_view text, const Target& target, const Escape& escape) {
  const std::pair<std::string_view, const std::string*> kPlaceholders[] = {
      {"{message}", &target.message},
      {"{persona_id}", &target.persona_id},
      {"{tenant}", &target.tenant},
  };
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    bool replaced = false;
    for (const auto& [placeholder, value] : kPlaceholders) {
      if (text.substr(i, placeholder.size()) == placeholder) {
        out += escape(*value);
        i += placeholder.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[i++];
  }
  return out;
}

}  // namespace

std::string RenderBody(const Endpoint& endpoint, const Target& target) {
  return Render(endpoint.body_template, target, JsonEscaped);
}

std::string RenderPath(const Endpoint& endpoint, const Target& target) {
  return Render(endpoint.path, target, PercentEncoded);
}

}  // namespace slogate::config
