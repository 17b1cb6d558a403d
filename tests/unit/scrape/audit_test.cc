// AuditEventIds without a network: a bad template fails every id before any request.
#include "slogate/scrape/audit.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace slogate::scrape {
namespace {

TEST(AuditEventIdsTest, BadTemplateMakesEveryCheckAnError) {
  AuditOptions options;
  options.url_template = "http://127.0.0.1:1/no-placeholder";
  const AuditResult result = AuditEventIds(options, {"event-0", "event-1", "event-2"});
  EXPECT_EQ(result.acknowledged, 3u);
  EXPECT_EQ(result.checked, 3u);
  EXPECT_EQ(result.found, 0u);
  EXPECT_EQ(result.errors, 3u);
  EXPECT_EQ(result.first_error,
            "audit URL template \"http://127.0.0.1:1/no-placeholder\" has no {event_id} "
            "placeholder");
}

}  // namespace
}  // namespace slogate::scrape
