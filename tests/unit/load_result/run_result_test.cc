#include "slogate/load/run_result.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "slogate/load/run_result_json.h"

namespace slogate::load {
namespace {

constexpr ErrorCategory kAll[] = {
    ErrorCategory::kConnect,   ErrorCategory::kTimeout,   ErrorCategory::kTls,
    ErrorCategory::kWrite,     ErrorCategory::kRead,      ErrorCategory::kStatus4xx,
    ErrorCategory::kStatus429, ErrorCategory::kStatus5xx, ErrorCategory::kStatusOther,
    ErrorCategory::kEventIdTooLong, ErrorCategory::kOther,
};

TEST(ErrorCategoryNameTest, NamesAreTheDocumentedOnes) {
  EXPECT_EQ(ErrorCategoryName(ErrorCategory::kConnect), "connect");
  EXPECT_EQ(ErrorCategoryName(ErrorCategory::kTimeout), "timeout");
  EXPECT_EQ(ErrorCategoryName(ErrorCategory::kTls), "tls");
  EXPECT_EQ(ErrorCategoryName(ErrorCategory::kWrite), "write");
  EXPECT_EQ(ErrorCategoryName(ErrorCategory::kRead), "read");
  EXPECT_EQ(ErrorCategoryName(ErrorCategory::kStatus4xx), "status_4xx");
  EXPECT_EQ(ErrorCategoryName(ErrorCategory::kStatus429), "status_429");
  EXPECT_EQ(ErrorCategoryName(ErrorCategory::kStatus5xx), "status_5xx");
  EXPECT_EQ(ErrorCategoryName(ErrorCategory::kStatusOther), "status_other");
  EXPECT_EQ(ErrorCategoryName(ErrorCategory::kEventIdTooLong), "event_id_too_long");
  EXPECT_EQ(ErrorCategoryName(ErrorCategory::kOther), "other");
}

TEST(ErrorCategoryNameTest, NamesAreDistinctAndParseBack) {
  std::set<std::string_view> names;
  for (ErrorCategory category : kAll) {
    names.insert(ErrorCategoryName(category));
    EXPECT_EQ(ErrorCategoryFromName(ErrorCategoryName(category)), category);
  }
  EXPECT_EQ(names.size(), std::size(kAll));
}

TEST(ErrorCategoryNameTest, UnknownNamesDoNotParse) {
  EXPECT_FALSE(ErrorCategoryFromName("Timeout").has_value());
  EXPECT_FALSE(ErrorCategoryFromName("").has_value());
  EXPECT_FALSE(ErrorCategoryFromName("status_5XX").has_value());
}

TEST(RunResultTest, ErrorRateCountsDropsAsErrors) {
  RunResult run;
  EXPECT_EQ(run.ErrorRate(), 0.0);
  run.completed = 90;
  run.errors = 5;
  run.dropped = 10;
  EXPECT_DOUBLE_EQ(run.ErrorRate(), 15.0 / 100.0);
}

}  // namespace
}  // namespace slogate::load
