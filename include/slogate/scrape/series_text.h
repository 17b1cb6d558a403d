// Prints series the way an exposition writes them, for messages and the CLI.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "slogate/promtext/snapshot.h"

namespace slogate::scrape {

// `name{a="x",b="y"}` with label values escaped as in the text format (\\, \", \n); just
// `name` without labels.
std::string SeriesText(std::string_view name, const promtext::Labels& labels);

// A value as the text format writes it: shortest round-trip decimal, NaN, +Inf, -Inf.
std::string ValueText(double value);

}  // namespace slogate::scrape
