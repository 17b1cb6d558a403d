// Short names the promtext tests share for the two exposition formats and +Inf.
#pragma once

#include <limits>

#include "slogate/promtext/parser.h"

namespace slogate::promtext::test {

inline constexpr Format k004 = Format::kPrometheusText004;
inline constexpr Format kOm = Format::kOpenMetrics100;
inline constexpr double kInf = std::numeric_limits<double>::infinity();

}  // namespace slogate::promtext::test
