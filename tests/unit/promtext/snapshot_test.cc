// Snapshot storage: samples are views, so what they point to must live exactly as long as some
// Snapshot sharing the storage, whatever happened to the text or the builder's arguments.
#include "slogate/promtext/snapshot.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>

#include "slogate/promtext/parser.h"

namespace slogate::promtext {
namespace {

TEST(SnapshotTest, SamplesOutliveTheParsedText) {
  std::optional<Snapshot> copy;
  {
    std::string text = "a{x=\"1\",b=\"esc\\\"aped\"} 2\n";
    Result<Snapshot> parsed = Parse(text, Format::kPrometheusText004);
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    copy = *parsed;
    text.assign(text.size(), '#');  // the caller's buffer is reused
  }
  const Sample& sample = copy->families.at(0).samples.at(0);
  EXPECT_EQ(sample.name, "a");
  EXPECT_EQ(sample.labels, (LabelList{{"b", "esc\"aped"}, {"x", "1"}}));
  EXPECT_EQ(sample.value, 2);
}

TEST(SnapshotTest, ParseOwnedKeepsTheText) {
  std::string text = "# TYPE c counter\nc_total{k=\"v\"} 7\n# EOF\n";
  const char* const buffer = text.data();
  Result<Snapshot> parsed = ParseOwned(std::move(text), Format::kOpenMetrics100);
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  const Sample& sample = parsed->families.at(0).samples.at(0);
  EXPECT_EQ(sample.name, "c_total");
  EXPECT_EQ(sample.labels, (LabelList{{"k", "v"}}));
  // The sample's name points into the buffer that was handed over, not into a copy.
  EXPECT_GE(sample.name.data(), buffer);
  EXPECT_LT(sample.name.data(), buffer + 40);
}

TEST(SnapshotTest, BuilderCopiesAndSortsLabels) {
  SnapshotBuilder builder;
  builder.AddFamily("req", MetricType::kCounter);
  {
    const std::string name = "req_total";
    const std::string value = "500";
    builder.AddSample(name, {{"z", "last"}, {"code", value}}, 3);
  }
  const Snapshot snapshot = std::move(builder).Build();
  ASSERT_EQ(snapshot.families.size(), 1u);
  EXPECT_EQ(snapshot.families[0].name, "req");
  EXPECT_EQ(snapshot.families[0].type, MetricType::kCounter);
  const Sample& sample = snapshot.families[0].samples.at(0);
  EXPECT_EQ(sample.name, "req_total");
  EXPECT_EQ(sample.labels, (LabelList{{"code", "500"}, {"z", "last"}}));
  EXPECT_EQ(sample.value, 3);
}

TEST(SnapshotTest, BuilderStartsAFamilyNamedAfterTheFirstSample) {
  SnapshotBuilder builder(Format::kOpenMetrics100);
  builder.AddSample("up", {}, 1);
  const Snapshot snapshot = std::move(builder).Build();
  EXPECT_EQ(snapshot.format, Format::kOpenMetrics100);
  ASSERT_EQ(snapshot.families.size(), 1u);
  EXPECT_EQ(snapshot.families[0].name, "up");
  EXPECT_EQ(snapshot.families[0].type, MetricType::kUnknown);
  ASSERT_NE(snapshot.FindFamily("up"), nullptr);
  EXPECT_EQ(snapshot.FindFamily("down"), nullptr);
}

TEST(SnapshotTest, BuilderCopiesASampleWithItsExemplar) {
  std::optional<Snapshot> copy;
  {
    Result<Snapshot> parsed =
        Parse("# TYPE c counter\nc_total{a=\"1\"} 2 10 # {t=\"x\"} 0.5 11\n# EOF\n",
              Format::kOpenMetrics100);
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    SnapshotBuilder builder;
    builder.AddSample(parsed->families.at(0).samples.at(0));
    copy = std::move(builder).Build();
  }
  const Sample& sample = copy->families.at(0).samples.at(0);
  EXPECT_EQ(sample.name, "c_total");
  EXPECT_EQ(sample.labels, (LabelList{{"a", "1"}}));
  EXPECT_EQ(sample.timestamp_seconds, 10);
  ASSERT_NE(sample.exemplar, nullptr);
  EXPECT_EQ(sample.exemplar->labels, (LabelList{{"t", "x"}}));
  EXPECT_EQ(sample.exemplar->value, 0.5);
  EXPECT_EQ(sample.exemplar->timestamp_seconds, 11);
}

TEST(LabelsTest, FindsByNameAndComparesByContent) {
  const std::string value = "GET";
  const LabelList list = {{"method", value}, {"path", "/a"}};
  const Labels labels = list;
  ASSERT_NE(labels.Find("path"), nullptr);
  EXPECT_EQ(labels.Find("path")->value, "/a");
  EXPECT_EQ(labels.Find("code"), nullptr);
  EXPECT_EQ(labels, (LabelList{{"method", "GET"}, {"path", "/a"}}));
  EXPECT_FALSE(labels == (LabelList{{"method", "GET"}}));
  EXPECT_FALSE(labels == (LabelList{{"method", "PUT"}, {"path", "/a"}}));
  EXPECT_TRUE(Labels() == LabelList{});
}

}  // namespace
}  // namespace slogate::promtext
