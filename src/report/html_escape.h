// Escaping for text placed into HTML and SVG (element content and quoted attribute values).
#pragma once

#include <string>
#include <string_view>

namespace slogate::report {

// Replaces & < > " ' with character references, so no input can open a tag, close an
// attribute or start a script. Pure; thread-safe.
std::string HtmlEscape(std::string_view text);

// Text from a run or a target for the page: secrets redacted (RedactText), then escaped. The
// order matters, since escaping could split a token's text.
std::string RedactedHtml(std::string_view text);

}  // namespace slogate::report
