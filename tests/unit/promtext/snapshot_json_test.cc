#include "slogate/promtext/snapshot_json.h"

#include <gtest/gtest.h>

#include "slogate/promtext/parser.h"

namespace slogate::promtext {
namespace {

TEST(SnapshotJsonTest, WritesFamiliesSamplesAndNonFiniteValuesAsStrings) {
  const Result<Snapshot> snapshot = Parse(
      "# TYPE c counter\n# HELP c Calls.\nc_total{b=\"2\",a=\"1\"} 3 1.5 # {t=\"x\"} 1\n"
      "g NaN\nh -Inf\n# EOF\n",
      Format::kOpenMetrics100);
  ASSERT_TRUE(snapshot.ok()) << snapshot.error().ToString();
  const nlohmann::json json = SnapshotToJson(*snapshot);
  EXPECT_EQ(json["schema_version"], kSnapshotJsonSchemaVersion);
  EXPECT_EQ(json["format"], "openmetrics-1.0.0");
  ASSERT_EQ(json["families"].size(), 3u);
  const nlohmann::json& counter = json["families"][0];
  EXPECT_EQ(counter["name"], "c");
  EXPECT_EQ(counter["type"], "counter");
  EXPECT_EQ(counter["help"], "Calls.");
  const nlohmann::json& sample = counter["samples"][0];
  EXPECT_EQ(sample["name"], "c_total");
  EXPECT_EQ(sample["labels"], (nlohmann::json{{"a", "1"}, {"b", "2"}}));
  EXPECT_EQ(sample["value"], 3.0);
  EXPECT_EQ(sample["timestamp"], 1.5);
  EXPECT_EQ(sample["exemplar"]["labels"]["t"], "x");
  EXPECT_FALSE(sample["exemplar"].contains("timestamp"));
  EXPECT_EQ(json["families"][1]["samples"][0]["value"], "NaN");
  EXPECT_EQ(json["families"][2]["samples"][0]["value"], "-Inf");
  EXPECT_TRUE(json["warnings"].empty());
}

TEST(SnapshotJsonTest, IncludesWarnings) {
  const Result<Snapshot> snapshot = Parse("a 1 \n", Format::kPrometheusText004);
  ASSERT_TRUE(snapshot.ok());
  const nlohmann::json json = SnapshotToJson(*snapshot);
  EXPECT_EQ(json["format"], "0.0.4");
  ASSERT_EQ(json["warnings"].size(), 1u);
  EXPECT_EQ(json["warnings"][0]["line"], 1);
  EXPECT_EQ(json["warnings"][0]["column"], 4);
}

}  // namespace
}  // namespace slogate::promtext
