// A small well-formedness check for the HTML/SVG the reporters write: every element opened is
// closed in order (void elements and self-closing tags excepted). Returns "" or the problem.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace slogate::testing {

inline std::string CheckTagBalance(std::string_view html) {
  static const std::vector<std::string> kVoid = {"meta", "br", "hr", "img", "input", "link"};
  std::vector<std::string> open;
  size_t at = 0;
  while ((at = html.find('<', at)) != std::string_view::npos) {
    const size_t end = html.find('>', at);
    if (end == std::string_view::npos) return "unterminated tag at " + std::to_string(at);
    const std::string_view tag = html.substr(at + 1, end - at - 1);
    at = end + 1;
    if (tag.empty() || tag[0] == '!') continue;  // <!DOCTYPE html>
    const bool closing = tag[0] == '/';
    const std::string_view body = closing ? tag.substr(1) : tag;
    const std::string name(body.substr(0, body.find_first_of(" \n/")));
    if (closing) {
      if (open.empty() || open.back() != name) {
        return "</" + name + "> closes " + (open.empty() ? std::string("nothing") : "<" + open.back() + ">");
      }
      open.pop_back();
    } else if (tag.back() != '/' &&
               std::find(kVoid.begin(), kVoid.end(), name) == kVoid.end()) {
      open.push_back(name);
    }
  }
  return open.empty() ? "" : "<" + open.back() + "> never closed";
}

}  // namespace slogate::testing
