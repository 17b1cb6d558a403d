// Which sample names belong to which metric family, per format and type, and the TYPE
// keywords each format accepts. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string_view>

#include "slogate/promtext/snapshot.h"

namespace slogate::promtext::internal {

// The TYPE keyword as written in `format`: 0.0.4 knows counter, gauge, histogram, summary and
// untyped; OpenMetrics knows counter, gauge, histogram, gaugehistogram, summary, info,
// stateset and unknown.
std::optional<MetricType> ParseTypeKeyword(std::string_view keyword, Format format);

// True when a sample named `sample_name` belongs to a family `family_name` of `type`, i.e. the
// name is the family name plus one of the suffixes the format allows for that type.
bool SampleBelongsTo(std::string_view sample_name, std::string_view family_name, MetricType type,
                     Format format);

// If `sample_name` is `family_name` plus a suffix some type uses ("", "_total", "_bucket",
// ...), that suffix; otherwise nullopt. Used to tell "wrong suffix for this family" apart
// from "a new family".
std::optional<std::string_view> FamilySuffix(std::string_view sample_name,
                                             std::string_view family_name);

// The sample names a family of `type` may expose in `format`, for error messages:
// "foo_total or foo_created".
std::string ExpectedSampleNames(std::string_view family_name, MetricType type, Format format);

}  // namespace slogate::promtext::internal
