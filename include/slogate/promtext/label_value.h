// How a label value is written between double quotes. The exposition formats and PromQL agree:
// backslash, double quote and newline are escaped, every other byte is kept as it is.
#pragma once

#include <string>
#include <string_view>

namespace slogate::promtext {

// `value` with \\, \" and newline escaped: a\b"c<newline> -> a\\b\"c\n.
std::string EscapeLabelValue(std::string_view value);

}  // namespace slogate::promtext
