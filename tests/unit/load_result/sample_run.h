// Test data for load_result tests: a RunResult with every field set, and a field-by-field
// comparison (RunResult has no operator==).
#pragma once

#include <cstdint>

#include "slogate/load/run_result.h"

namespace slogate::testing {

using load::RunResult;

// A shard-like result: `seed` varies the histograms and counts; `started_at_s` is the wall
// clock start in seconds since the epoch.
RunResult SampleRun(uint64_t seed, int64_t started_at_s = 1'790'000'000);

// Adds a gtest failure naming each field that differs.
void ExpectSameRun(const RunResult& actual, const RunResult& expected);

}  // namespace slogate::testing
