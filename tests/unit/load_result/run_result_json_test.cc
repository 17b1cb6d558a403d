#include "slogate/load/run_result_json.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "sample_run.h"

namespace slogate::load {
namespace {

using nlohmann::json;
using testing::ExpectSameRun;
using testing::SampleRun;

TEST(RunResultJsonTest, RoundTripThroughTextIsLossless) {
  for (uint64_t seed = 1; seed <= 3; ++seed) {
    const RunResult run = SampleRun(seed);
    const json parsed_text = json::parse(ToJson(run).dump());
    const auto back = RunResultFromJson(parsed_text);
    ASSERT_TRUE(back.ok()) << back.error().message;
    ExpectSameRun(*back, run);
  }
}

TEST(RunResultJsonTest, ExtremeValuesSurvive) {
  RunResult run = SampleRun(4);
  run.sent = std::numeric_limits<uint64_t>::max();
  run.started_at = std::chrono::system_clock::time_point(std::chrono::nanoseconds(-5));
  run.target_rps = 0.1 + 0.2;  // not exactly representable in few digits
  run.latency.RecordCount(std::chrono::seconds(59), uint64_t{1} << 50);
  const auto back = RunResultFromJson(json::parse(ToJson(run).dump()));
  ASSERT_TRUE(back.ok()) << back.error().message;
  ExpectSameRun(*back, run);
}

TEST(RunResultJsonTest, DefaultRunRoundTrips) {
  const RunResult run;
  const auto back = RunResultFromJson(ToJson(run));
  ASSERT_TRUE(back.ok()) << back.error().message;
  ExpectSameRun(*back, run);
}

TEST(RunResultJsonTest, AResultWithoutARatePlanStillReads) {
  json document = ToJson(SampleRun(1));
  document.erase("rate_plan");
  document.erase("shard");
  const auto back = RunResultFromJson(document);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(back->rate_plan.empty());
  EXPECT_EQ(back->shard, (ShardSpec{0, 1}));  // written before shares: a whole run
}

TEST(RunResultJsonTest, WritesSchemaVersionAndReadableNames) {
  const json out = ToJson(SampleRun(1));
  EXPECT_EQ(out.at("schema_version"), kRunResultSchemaVersion);
  EXPECT_EQ(out.at("errors_by_category").at("timeout"), 5);
  EXPECT_EQ(out.at("status_counts").at("503"), 3);
  EXPECT_TRUE(out.at("latency").get<std::string>().starts_with("shist1:"));
  EXPECT_EQ(out.at("per_second").at(0).at("second"), 0);
  EXPECT_EQ(out.at("error_status_counts").at("503"), 3);
  EXPECT_EQ(out.at("duplicate_event_ids"), 2);
}

TEST(RunResultJsonTest, WritesSlowCountsAbortAndLatencyMark) {
  const RunResult run = SampleRun(3);
  ASSERT_TRUE(run.aborted);
  const json out = ToJson(run);
  EXPECT_EQ(out.at("aborted"), true);
  EXPECT_EQ(out.at("latency_mark_ns"), 5'000'000);
  uint64_t slow = 0;
  for (const json& window : out.at("per_second")) slow += window.at("ok_slow").get<uint64_t>();
  EXPECT_GT(slow, 0u);  // the lognormal sample has a tail past 5 ms
  EXPECT_LT(slow, run.ok);
}

TEST(RunResultJsonTest, ReadsAVersionFourFileWrittenBeforeSlowCountsAndAbort) {
  RunResult run = SampleRun(3);
  json document = ToJson(run);
  document.erase("aborted");
  document.erase("latency_mark_ns");
  for (json& window : document.at("per_second")) window.erase("ok_slow");
  const auto back = RunResultFromJson(document);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_FALSE(back->aborted);
  EXPECT_EQ(back->latency_mark, std::chrono::nanoseconds(0));
  for (const auto& window : back->per_second) EXPECT_EQ(window.ok_slow, 0u) << window.second;
  EXPECT_EQ(back->per_second.size(), run.per_second.size());
}

// A file as the previous release wrote it: none of the fields version 4 added, event_ids with
// their repeats.
json VersionThreeDocument(const RunResult& run, const std::vector<std::string>& event_ids) {
  json document = ToJson(run);
  document["schema_version"] = 3;
  for (const char* added : {"ok_latency", "failed_latency", "ok_service_time",
                            "error_status_counts", "ok_without_event_id", "duplicate_event_ids"}) {
    document.erase(added);
  }
  document["event_ids"] = event_ids;
  return document;
}

TEST(RunResultJsonTest, ReadsVersionThreeAndFillsWhatItDeterminesExactly) {
  RunResult run = SampleRun(1);
  run.errors = 0;
  run.completed = run.ok;
  const auto back = RunResultFromJson(VersionThreeDocument(run, {"a", "b", "a", "c", "a"}));
  ASSERT_TRUE(back.ok()) << back.error().message;
  // No request failed: every latency was an OK one.
  EXPECT_TRUE(back->ok_latency == run.latency);
  EXPECT_TRUE(back->ok_service_time == run.service_time);
  EXPECT_EQ(back->failed_latency.count(), 0u);
  EXPECT_EQ(back->event_ids, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(back->duplicate_event_ids, 2u);
  EXPECT_EQ(back->ok_without_event_id, run.ok - 5);
  EXPECT_EQ(back->ok,
            back->event_ids.size() + back->ok_without_event_id + back->duplicate_event_ids);
}

TEST(RunResultJsonTest, VersionThreeWithMixedOutcomesLeavesTheSplitEmpty) {
  const RunResult run = SampleRun(2);  // OK responses and errors both
  const auto back = RunResultFromJson(VersionThreeDocument(run, {}));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->ok_latency.count(), 0u);
  EXPECT_EQ(back->failed_latency.count(), 0u);
  EXPECT_TRUE(back->error_status_counts.empty());
  // No ids: capture may have been off, so nothing is claimed about unauditable writes.
  EXPECT_EQ(back->ok_without_event_id, 0u);
  EXPECT_TRUE(back->latency == run.latency);
}

TEST(RunResultJsonTest, VersionThreeWhereEveryRequestFailed) {
  RunResult run = SampleRun(3);
  run.ok = 0;
  run.completed = run.errors;
  const auto back = RunResultFromJson(VersionThreeDocument(run, {}));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_TRUE(back->failed_latency == run.latency);
  EXPECT_EQ(back->ok_latency.count(), 0u);
}

// ---------------------------------------------------------------------------------------------
// Bad documents: each error names the field.

struct BadDocumentCase {
  std::string name;
  std::function<void(json&)> corrupt;
  std::string message_part;
};

class RunResultJsonErrorTest : public ::testing::TestWithParam<BadDocumentCase> {};

TEST_P(RunResultJsonErrorTest, NamesTheBadField) {
  json document = ToJson(SampleRun(1));
  GetParam().corrupt(document);
  const auto parsed = RunResultFromJson(document);
  ASSERT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.error().code, "bad_run_result");
  EXPECT_NE(parsed.error().message.find(GetParam().message_part), std::string::npos)
      << parsed.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Documents, RunResultJsonErrorTest,
    ::testing::Values(
        BadDocumentCase{"NotAnObject", [](json& d) { d = json::array(); },
                        "document: expected a JSON object"},
        BadDocumentCase{"NewerSchema", [](json& d) { d["schema_version"] = 5; },
                        "schema_version: unsupported version 5"},
        BadDocumentCase{"OlderSchemaWithoutPeakRate", [](json& d) { d["schema_version"] = 2; },
                        "schema_version: unsupported version 2 (this slogate reads versions 3 "
                        "to 4)"},
        BadDocumentCase{"VersionFourWithoutTheSplit", [](json& d) { d.erase("ok_latency"); },
                        "ok_latency: missing (required)"},
        BadDocumentCase{"BadErrorStatus",
                        [](json& d) {
                          d["error_status_counts"] = json{{"teapot", 1}};
                        },
                        "error_status_counts.teapot: expected an HTTP status code"},
        BadDocumentCase{"MoreDroppedAtCapThanDropped",
                        [](json& d) { d["dropped_at_cap"] = d["dropped"].get<uint64_t>() + 1; },
                        "dropped_at_cap: is more than dropped"},
        BadDocumentCase{"MissingField", [](json& d) { d.erase("sent"); },
                        "sent: missing (required)"},
        BadDocumentCase{"NegativeCount", [](json& d) { d["ok"] = -1; },
                        "ok: expected a non-negative integer, got -1"},
        BadDocumentCase{"StringCount", [](json& d) { d["dropped"] = "7"; },
                        "dropped: expected a non-negative integer, got \"7\""},
        BadDocumentCase{"FractionalDuration", [](json& d) { d["duration_ns"] = 1.5; },
                        "duration_ns: expected a 64-bit integer"},
        BadDocumentCase{"StringRate", [](json& d) { d["target_rps"] = "fast"; },
                        "target_rps: expected a finite number"},
        BadDocumentCase{"NegativeConcurrency", [](json& d) { d["concurrency"] = -3; },
                        "concurrency: must be 0.."},
        BadDocumentCase{"NumberFlag", [](json& d) { d["interrupted"] = 1; },
                        "interrupted: expected true or false"},
        BadDocumentCase{"CorruptHistogram",
                        [](json& d) { d["service_time"] = "shist1:1000:60000000000:3:!!"; },
                        "service_time: invalid histogram encoding"},
        BadDocumentCase{"UnknownCategory", [](json& d) { d["errors_by_category"]["gremlins"] = 1; },
                        "errors_by_category.gremlins: unknown error category"},
        BadDocumentCase{"BadStatusKey", [](json& d) { d["status_counts"]["2xx"] = 1; },
                        "status_counts.2xx: expected an HTTP status code"},
        BadDocumentCase{
            "MoreSlowThanCompleted",
            [](json& d) { d["per_second"][0]["ok_slow"] = d["per_second"][0]["count"]; },
            "per_second[0].ok_slow: ok_slow plus errors is more than count"},
        BadDocumentCase{"NegativeLatencyMark", [](json& d) { d["latency_mark_ns"] = -1; },
                        "latency_mark_ns: must be >= 0"},
        BadDocumentCase{"NumberAbortFlag", [](json& d) { d["aborted"] = 0; },
                        "aborted: expected true or false"},
        BadDocumentCase{"BadWindowField", [](json& d) { d["per_second"][1]["count"] = "x"; },
                        "per_second[1].count: expected a non-negative integer"},
        BadDocumentCase{"NegativeWindowSecond", [](json& d) { d["per_second"][0]["second"] = -1; },
                        "per_second[0].second: must be 0.."},
        BadDocumentCase{"WindowNotObject", [](json& d) { d["per_second"][2] = 5; },
                        "per_second[2]: expected a JSON object, got 5"},
        BadDocumentCase{"BadBurstWindow", [](json& d) { d["burst_windows"][0].erase("end_ns"); },
                        "burst_windows[0].end_ns: missing (required)"},
        BadDocumentCase{"RatePlanWithAGap",
                        [](json& d) { d["rate_plan"][1]["begin_ns"] = 1'500'000'000; },
                        "rate_plan[1].begin_ns: must be 1000000000 (where the piece before ends)"},
        BadDocumentCase{"RatePlanNotFromTheStart",
                        [](json& d) { d["rate_plan"][0]["begin_ns"] = 1; },
                        "rate_plan[0].begin_ns: must be 0 (the plan starts at the run's start)"},
        BadDocumentCase{"RatePlanEmptyPiece",
                        [](json& d) { d["rate_plan"][2]["end_ns"] = 2'000'000'000; },
                        "rate_plan[2].end_ns: must be after begin_ns"},
        BadDocumentCase{"RatePlanPastTheLongestRun",
                        [](json& d) { d["rate_plan"][2]["end_ns"] = INT64_MAX; },
                        "rate_plan[2].end_ns: must be at most 2000000000000000"},
        BadDocumentCase{"RatePlanNegativeRate", [](json& d) { d["rate_plan"][2]["rps_end"] = -1; },
                        "rate_plan[2].rps_end: must be >= 0"},
        BadDocumentCase{"RatePlanTooLong",
                        [](json& d) {
                          d["rate_plan"] = json::array();
                          for (size_t i = 0; i <= kMaxRateSegments; ++i) {
                            d["rate_plan"].push_back({{"begin_ns", i},
                                                      {"end_ns", i + 1},
                                                      {"rps_begin", 1},
                                                      {"rps_end", 1}});
                          }
                        },
                        "rate_plan: has 513 pieces, more than 512"},
        BadDocumentCase{"ShardIndexPastItsCount",
                        [](json& d) { d["shard"] = {{"index", 4}, {"count", 4}}; },
                        "shard.index: must be 0..3"},
        BadDocumentCase{"ShardCountZero", [](json& d) { d["shard"] = {{"index", 0}, {"count", 0}}; },
                        "shard.count: must be 1..10000"},
        BadDocumentCase{"NumericEventId", [](json& d) { d["event_ids"][3] = 42; },
                        "event_ids[3]: expected a string, got 42"}),
    [](const ::testing::TestParamInfo<BadDocumentCase>& param_info) {
      return param_info.param.name;
    });

// ---------------------------------------------------------------------------------------------
// Files.

class RunResultFileTest : public ::testing::Test {
 protected:
  std::filesystem::path Write(const std::string& name, const std::string& text) {
    const std::filesystem::path path = std::filesystem::path(::testing::TempDir()) / name;
    std::ofstream(path) << text;
    return path;
  }
};

TEST_F(RunResultFileTest, ReadsAWrittenFile) {
  const RunResult run = SampleRun(2);
  const auto back = ReadRunResultFile(Write("shard-ok.json", ToJson(run).dump(2)));
  ASSERT_TRUE(back.ok()) << back.error().message;
  ExpectSameRun(*back, run);
}

TEST_F(RunResultFileTest, MissingFileNamesThePath) {
  const auto back = ReadRunResultFile("/nonexistent/shard-7.json");
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().code, "unreadable_file");
  EXPECT_NE(back.error().message.find(
                "/nonexistent/shard-7.json: cannot read: No such file or directory"),
            std::string::npos)
      << back.error().message;
}

TEST_F(RunResultFileTest, InvalidJsonNamesPathLineAndColumn) {
  const auto path = Write("shard-bad.json", "{\n  \"sent\": 1,\n  oops\n}\n");
  const auto back = ReadRunResultFile(path);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().code, "bad_json");
  EXPECT_EQ(back.error().line, 3);
  EXPECT_EQ(back.error().column, 3);
  EXPECT_TRUE(back.error().message.starts_with(path.string() + ":3:3: not valid JSON: syntax"))
      << back.error().message;
}

TEST_F(RunResultFileTest, InvalidRunResultNamesPathAndField) {
  json document = ToJson(SampleRun(1));
  document.erase("latency");
  const auto path = Write("shard-field.json", document.dump());
  const auto back = ReadRunResultFile(path);
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().code, "bad_run_result");
  EXPECT_EQ(back.error().message, path.string() + ": latency: missing (required)");
}

}  // namespace
}  // namespace slogate::load
