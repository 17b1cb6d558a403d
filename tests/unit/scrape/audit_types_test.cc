// The plain parts of the audit: sampling, URL templating. The HTTP part is in audit_test.cc
// (no request is sent) and tests/integration/scrape.
#include "slogate/scrape/audit_types.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace slogate::scrape {
namespace {

std::vector<std::string> Ids(int count) {
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) ids.push_back("event-" + std::to_string(i));
  return ids;
}

TEST(AuditSampleTest, KeepsEveryIdUpToTheBound) {
  const std::vector<std::string> ids = Ids(100);
  EXPECT_EQ(AuditSample(ids, 100, 10), ids);
}

TEST(AuditSampleTest, SamplesAboveTheBound) {
  const std::vector<std::string> ids = Ids(1000);
  const std::vector<std::string> sample = AuditSample(ids, 999, 50);
  ASSERT_EQ(sample.size(), 50u);
  EXPECT_EQ(std::set<std::string>(sample.begin(), sample.end()).size(), 50u);
  // In the order of the input, and spread over it rather than its head.
  EXPECT_TRUE(std::is_sorted(sample.begin(), sample.end(), [&](const auto& a, const auto& b) {
    return std::find(ids.begin(), ids.end(), a) < std::find(ids.begin(), ids.end(), b);
  }));
  EXPECT_NE(sample.back(), ids[49]);
}

TEST(AuditSampleTest, IsDeterministicAndIndependentOfOrder) {
  std::vector<std::string> ids = Ids(500);
  const std::vector<std::string> first = AuditSample(ids, 10, 40);
  std::mt19937 shuffle_rng(7);
  std::shuffle(ids.begin(), ids.end(), shuffle_rng);
  const std::vector<std::string> second = AuditSample(ids, 10, 40);
  EXPECT_EQ(std::set<std::string>(first.begin(), first.end()),
            std::set<std::string>(second.begin(), second.end()));
}

TEST(AuditSampleTest, SampleLargerThanInputKeepsAll) {
  const std::vector<std::string> ids = Ids(30);
  EXPECT_EQ(AuditSample(ids, 10, 100), ids);
}

struct UrlCase {
  std::string name;
  std::string url_template;
  std::string id;
  std::string expected;
};

class AuditUrlTest : public ::testing::TestWithParam<UrlCase> {};

TEST_P(AuditUrlTest, SubstitutesTheId) {
  EXPECT_EQ(AuditUrl(GetParam().url_template, GetParam().id), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, AuditUrlTest,
    ::testing::Values(UrlCase{"PathSegment", "http://h:8010/v1/admin/memory/{event_id}", "abc",
                              "http://h:8010/v1/admin/memory/abc"},
                      UrlCase{"QueryParameter", "http://h/v1/admin/memory?id={event_id}&x=1", "abc",
                              "http://h/v1/admin/memory?id=abc&x=1"},
                      UrlCase{"TwoPlaceholders", "http://h/{event_id}/{event_id}", "x",
                              "http://h/x/x"},
                      UrlCase{"NoPlaceholder", "http://h/health", "x", "http://h/health"}),
    [](const ::testing::TestParamInfo<UrlCase>& param_info) { return param_info.param.name; });

TEST(ValidateAuditTemplateTest, RequiresThePlaceholder) {
  EXPECT_TRUE(ValidateAuditTemplate("http://h/{event_id}").ok());
  Status status = ValidateAuditTemplate("http://h/v1/admin/memory/");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "bad_audit_template");
  EXPECT_EQ(status.error().message,
            "audit URL template \"http://h/v1/admin/memory/\" has no {event_id} placeholder");
}

}  // namespace
}  // namespace slogate::scrape
