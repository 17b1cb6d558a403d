#include "slogate/scrape/prometheus_answer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace slogate::scrape {
namespace {

using ::testing::HasSubstr;

constexpr std::string_view kSource = "http://127.0.0.1:9090/api/v1/query";

double Seconds(WallTime at) { return std::chrono::duration<double>(at.time_since_epoch()).count(); }

TEST(PromQueryAnswerTest, ReadsAMatrixWithLabelsAndSpecialValues) {
  auto series = ParsePromQueryAnswer(
      R"({"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{"__name__":"x_total","instance":"127.0.0.1:8080","result":"ok"},
           "values":[[1700000000.123,"1"],[1700000001.123,"NaN"],[1700000002,"+Inf"],
                     [1700000003,"-Inf"],[1700000004,"2.5e3"]]}]}})",
      kSource);
  ASSERT_TRUE(series.ok()) << series.error().message;
  ASSERT_EQ(series->size(), 1u);
  const PromSeries& one = (*series)[0];
  EXPECT_EQ(one.Label("__name__"), "x_total");
  EXPECT_EQ(one.Label("instance"), "127.0.0.1:8080");
  EXPECT_EQ(one.Label("absent"), "");
  ASSERT_EQ(one.points.size(), 5u);
  EXPECT_DOUBLE_EQ(Seconds(one.points[0].at), 1700000000.123);
  EXPECT_EQ(one.points[0].value, 1);
  EXPECT_TRUE(std::isnan(one.points[1].value));
  EXPECT_EQ(one.points[2].value, INFINITY);
  EXPECT_EQ(one.points[3].value, -INFINITY);
  EXPECT_EQ(one.points[4].value, 2500);
}

TEST(PromQueryAnswerTest, ReadsAVectorAndAScalar) {
  auto vector = ParsePromQueryAnswer(
      R"({"status":"success","data":{"resultType":"vector","result":[
          {"metric":{},"value":[1700000000,"1700000000.5"]}]}})",
      kSource);
  ASSERT_TRUE(vector.ok()) << vector.error().message;
  ASSERT_EQ(vector->size(), 1u);
  EXPECT_EQ((*vector)[0].points[0].value, 1700000000.5);
  auto scalar = ParsePromQueryAnswer(
      R"({"status":"success","data":{"resultType":"scalar","result":[1700000000,"3"]}})", kSource);
  ASSERT_TRUE(scalar.ok()) << scalar.error().message;
  EXPECT_EQ((*scalar)[0].points[0].value, 3);
}

TEST(PromQueryAnswerTest, AnApiErrorNamesItsTypeAndText) {
  auto series = ParsePromQueryAnswer(
      R"({"status":"error","errorType":"bad_data","error":"parse error at char 5"})", kSource);
  ASSERT_FALSE(series.ok());
  EXPECT_EQ(series.error().code, "prometheus_error");
  EXPECT_EQ(
      series.error().message,
      std::string(kSource) + ": Prometheus refused the query: bad_data: parse error at char 5");
}

// Found by fuzz_prometheus_answers: an error answer whose members are not strings threw from
// inside the JSON library and ended the process. They are shown as they are; a long message is
// cut at a character.
TEST(PromQueryAnswerTest, AnApiErrorOfOddShapeIsStillAnError) {
  auto numbered = ParsePromQueryAnswer(R"({"status":"error","errorType":2,"error":[1]})", kSource);
  ASSERT_FALSE(numbered.ok());
  EXPECT_EQ(numbered.error().code, "prometheus_error");
  EXPECT_EQ(numbered.error().message,
            std::string(kSource) + ": Prometheus refused the query: 2: [1]");
  auto bare = ParsePromQueryAnswer(R"({"status":"error"})", kSource);
  ASSERT_FALSE(bare.ok());
  EXPECT_EQ(bare.error().message,
            std::string(kSource) + ": Prometheus refused the query: unknown: (no message)");
  std::string body = R"({"status":"error","errorType":"t","error":")";
  for (int i = 0; i < 300; ++i) body += "\u00e9";
  body += R"("})";
  auto cut = ParsePromQueryAnswer(body, kSource);
  ASSERT_FALSE(cut.ok());
  EXPECT_LT(cut.error().message.size(), 600u);
  EXPECT_TRUE(cut.error().message.ends_with("\xC3\xA9..."));
}

struct BadAnswerCase {
  std::string name;
  std::string body;
  std::string message_part;
};

void PrintTo(const BadAnswerCase& c, std::ostream* out) { *out << c.name; }

class PromQueryAnswerErrorTest : public ::testing::TestWithParam<BadAnswerCase> {};

TEST_P(PromQueryAnswerErrorTest, IsABadAnswerSayingWhereAndWhat) {
  auto series = ParsePromQueryAnswer(GetParam().body, kSource);
  ASSERT_FALSE(series.ok());
  EXPECT_EQ(series.error().code, "bad_prometheus_answer");
  EXPECT_THAT(series.error().message, HasSubstr(std::string(kSource)));
  EXPECT_THAT(series.error().message, HasSubstr(GetParam().message_part));
}

INSTANTIATE_TEST_SUITE_P(
    Answers, PromQueryAnswerErrorTest,
    ::testing::Values(
        BadAnswerCase{"NotJson", "<html>502 Bad Gateway</html>", "not valid JSON"},
        BadAnswerCase{"NoStatus", R"({"data":{}})", "status: missing"},
        BadAnswerCase{"OddStatus", R"({"status":"partial"})", "expected \"success\""},
        BadAnswerCase{"NoData", R"({"status":"success"})", "data: expected an object"},
        BadAnswerCase{"StringResultType",
                      R"({"status":"success","data":{"resultType":"string","result":[1,"a"]}})",
                      "data.resultType"},
        BadAnswerCase{"ValueNotAString",
                      R"({"status":"success","data":{"resultType":"vector","result":[
                          {"metric":{},"value":[1,2]}]}})",
                      "data.result[0].value: expected [<unix seconds>, \"<value>\"]"},
        BadAnswerCase{"ValueNotANumber",
                      R"({"status":"success","data":{"resultType":"matrix","result":[
                          {"metric":{},"values":[[1,"1"],[2,"lots"]]}]}})",
                      "data.result[0].values[1]"},
        BadAnswerCase{"TimeGoesBack",
                      R"({"status":"success","data":{"resultType":"matrix","result":[
                          {"metric":{},"values":[[2,"1"],[1,"1"]]}]}})",
                      "timestamps are not increasing"},
        BadAnswerCase{"LabelNotAString",
                      R"({"status":"success","data":{"resultType":"vector","result":[
                          {"metric":{"job":7},"value":[1,"1"]}]}})",
                      "data.result[0].metric.job: expected a string"},
        BadAnswerCase{"NegativeTime",
                      R"({"status":"success","data":{"resultType":"vector","result":[
                          {"metric":{},"value":[-1,"1"]}]}})",
                      "data.result[0].value"}),
    [](const auto& case_info) { return case_info.param.name; });

TEST(PromQueryAnswerTest, RefusesMoreSeriesThanTheLimit) {
  PromAnswerLimits limits;
  limits.max_series = 1;
  auto series = ParsePromQueryAnswer(
      R"({"status":"success","data":{"resultType":"vector","result":[
          {"metric":{"a":"1"},"value":[1,"1"]},{"metric":{"a":"2"},"value":[1,"1"]}]}})",
      kSource, limits);
  ASSERT_FALSE(series.ok());
  EXPECT_EQ(series.error().code, "bad_prometheus_answer");
  EXPECT_THAT(series.error().message, HasSubstr("2 series, more than the 1"));
  EXPECT_THAT(series.error().message, HasSubstr("narrow PROM_SELECTOR"));
}

TEST(PromQueryAnswerTest, RefusesMorePointsThanTheLimit) {
  PromAnswerLimits limits;
  limits.max_points_per_series = 2;
  auto series = ParsePromQueryAnswer(
      R"({"status":"success","data":{"resultType":"matrix","result":[
          {"metric":{},"values":[[1,"1"],[2,"1"],[3,"1"]]}]}})",
      kSource, limits);
  ASSERT_FALSE(series.ok());
  EXPECT_THAT(series.error().message, HasSubstr("3 points, more than the 2"));
}

TEST(PromTargetsAnswerTest, ReadsLabelsHealthAndInterval) {
  auto targets = ParsePromTargetsAnswer(
      R"({"status":"success","data":{"activeTargets":[
          {"labels":{"instance":"127.0.0.1:8080","job":"gateway"},"health":"up",
           "scrapeInterval":"1m30s","lastError":""},
          {"labels":{"instance":"127.0.0.1:8081","job":"gateway"},"health":"down",
           "lastError":"connection refused"}],"droppedTargets":[]}})",
      kSource);
  ASSERT_TRUE(targets.ok()) << targets.error().message;
  ASSERT_EQ(targets->size(), 2u);
  EXPECT_EQ((*targets)[0].health, "up");
  EXPECT_EQ((*targets)[0].scrape_interval, std::chrono::seconds(90));
  EXPECT_EQ((*targets)[1].scrape_interval, std::chrono::milliseconds(0));
  EXPECT_EQ((*targets)[1].last_error, "connection refused");
}

TEST(PromTargetsAnswerTest, AMissingHealthIsNamed) {
  auto targets = ParsePromTargetsAnswer(
      R"({"status":"success","data":{"activeTargets":[{"labels":{}}]}})", kSource);
  ASSERT_FALSE(targets.ok());
  EXPECT_EQ(targets.error().code, "bad_prometheus_answer");
  EXPECT_THAT(targets.error().message, HasSubstr("data.activeTargets[0].health"));
}

TEST(PromDurationTest, ReadsPrometheusDurations) {
  EXPECT_EQ(*ParsePromDuration("1s"), std::chrono::seconds(1));
  EXPECT_EQ(*ParsePromDuration("500ms"), std::chrono::milliseconds(500));
  EXPECT_EQ(*ParsePromDuration("1m30s"), std::chrono::seconds(90));
  EXPECT_EQ(*ParsePromDuration("2h"), std::chrono::hours(2));
  for (std::string_view bad : {"", "s", "1", "1x", "-1s", "1.5s"}) {
    auto parsed = ParsePromDuration(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_THAT(parsed.error().message, HasSubstr("expected a Prometheus duration")) << bad;
  }
}

}  // namespace
}  // namespace slogate::scrape
