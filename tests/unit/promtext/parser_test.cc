// What the parser produces for valid input, and which oddities it accepts with a warning.
#include "slogate/promtext/parser.h"
#include "test_formats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

namespace slogate::promtext {
namespace {

using test::k004;
using test::kOm;
using test::kInf;


Snapshot MustParse(std::string_view text, Format format) {
  Result<Snapshot> result = Parse(text, format);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().ToString());
  return result.ok() ? std::move(result).value() : Snapshot{};
}

TEST(PromTextParserTest, ParsesFamiliesTypesHelpAndSortedLabels) {
  const Snapshot snapshot = MustParse(
      "# HELP http_requests_total Requests.\n"
      "# TYPE http_requests_total counter\n"
      "http_requests_total{path=\"/a\",method=\"GET\"} 3 1700000000123\n"
      "temperature 21.5\n",
      k004);
  ASSERT_EQ(snapshot.families.size(), 2u);
  const Family& requests = snapshot.families[0];
  EXPECT_EQ(requests.name, "http_requests_total");
  EXPECT_EQ(requests.type, MetricType::kCounter);
  EXPECT_EQ(requests.help, "Requests.");
  ASSERT_EQ(requests.samples.size(), 1u);
  const Sample& sample = requests.samples[0];
  EXPECT_EQ(sample.labels, (LabelList{{"method", "GET"}, {"path", "/a"}}));
  EXPECT_EQ(sample.value, 3);
  ASSERT_TRUE(sample.timestamp_seconds.has_value());
  EXPECT_DOUBLE_EQ(*sample.timestamp_seconds, 1700000000.123);
  EXPECT_EQ(snapshot.families[1].type, MetricType::kUnknown);
  EXPECT_TRUE(snapshot.warnings.empty());
  EXPECT_EQ(snapshot.FindFamily("temperature"), &snapshot.families[1]);
  EXPECT_EQ(snapshot.FindFamily("nope"), nullptr);
}

TEST(PromTextParserTest, UnescapesLabelValues) {
  const Snapshot snapshot = MustParse("a{v=\"back\\\\slash \\\"quoted\\\" new\\nline\"} 1\n", k004);
  EXPECT_EQ(snapshot.families[0].samples[0].labels[0].value, "back\\slash \"quoted\" new\nline");
}

// Samples that repeat the previous sample's label names reuse its sorted order; those that
// change the order, the count or a name must be sorted anew.
TEST(PromTextParserTest, SortsLabelsOfSamplesThatRepeatOrChangeLabelNames) {
  const Snapshot snapshot = MustParse(
      "a{y=\"1\",x=\"2\"} 1\na{y=\"3\",x=\"4\"} 2\na{x=\"5\",y=\"6\"} 3\na{y=\"7\"} 4\n"
      "a{y=\"8\",w=\"9\"} 5\n",
      k004);
  ASSERT_EQ(snapshot.families.size(), 1u);
  const std::vector<Sample>& samples = snapshot.families[0].samples;
  ASSERT_EQ(samples.size(), 5u);
  EXPECT_EQ(samples[0].labels, (LabelList{{"x", "2"}, {"y", "1"}}));
  EXPECT_EQ(samples[1].labels, (LabelList{{"x", "4"}, {"y", "3"}}));
  EXPECT_EQ(samples[2].labels, (LabelList{{"x", "5"}, {"y", "6"}}));
  EXPECT_EQ(samples[3].labels, (LabelList{{"y", "7"}}));
  EXPECT_EQ(samples[4].labels, (LabelList{{"w", "9"}, {"y", "8"}}));
}

TEST(PromTextParserTest, GroupsHistogramAndSummarySamplesIntoTheirFamily) {
  const Snapshot snapshot = MustParse(
      "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n"
      "# TYPE s summary\ns{quantile=\"0.5\"} 1\ns_sum 2\ns_count 3\n",
      k004);
  ASSERT_EQ(snapshot.families.size(), 2u);
  EXPECT_EQ(snapshot.families[0].samples.size(), 4u);
  EXPECT_EQ(snapshot.families[1].samples.size(), 3u);
  EXPECT_EQ(snapshot.families[1].samples[2].name, "s_count");
}

TEST(PromTextParserTest, ReadsQuotedUtf8Names) {
  for (const Format format : {k004, kOm}) {
    const Snapshot snapshot = MustParse(
        "# TYPE \"my.metric\" gauge\n{\"my.metric\",\"a.b\"=\"x\",c=\"y\"} 1\n# EOF\n", format);
    ASSERT_EQ(snapshot.families.size(), 1u);
    EXPECT_EQ(snapshot.families[0].name, "my.metric");
    EXPECT_EQ(snapshot.families[0].type, MetricType::kGauge);
    EXPECT_EQ(snapshot.families[0].samples[0].labels, (LabelList{{"a.b", "x"}, {"c", "y"}}));
  }
}

TEST(PromTextParserTest, ReadsOpenMetricsCounterUnitCreatedAndExemplar) {
  const Snapshot snapshot = MustParse(
      "# TYPE req_seconds counter\n# UNIT req_seconds seconds\n# HELP req_seconds Time \\\"x\\\".\n"
      "req_seconds_total{a=\"1\"} 2.5 1700000000.25 # {trace_id=\"abc\"} 0.5 1700000000.5\n"
      "req_seconds_created{a=\"1\"} 1690000000\n# EOF",
      kOm);
  ASSERT_EQ(snapshot.families.size(), 1u);
  const Family& family = snapshot.families[0];
  EXPECT_EQ(family.name, "req_seconds");
  EXPECT_EQ(family.unit, "seconds");
  EXPECT_EQ(family.help, "Time \"x\".");
  ASSERT_EQ(family.samples.size(), 2u);
  const Sample& total = family.samples[0];
  EXPECT_EQ(total.name, "req_seconds_total");
  EXPECT_DOUBLE_EQ(*total.timestamp_seconds, 1700000000.25);
  ASSERT_NE(total.exemplar, nullptr);
  EXPECT_EQ(total.exemplar->labels, (LabelList{{"trace_id", "abc"}}));
  EXPECT_EQ(total.exemplar->value, 0.5);
  EXPECT_DOUBLE_EQ(*total.exemplar->timestamp_seconds, 1700000000.5);
  EXPECT_EQ(family.samples[1].name, "req_seconds_created");
  EXPECT_EQ(snapshot.format, kOm);
}

TEST(PromTextParserTest, ReadsOpenMetricsOnlyTypes) {
  const Snapshot snapshot = MustParse(
      "# TYPE g gaugehistogram\ng_bucket{le=\"1\"} 1\ng_bucket{le=\"+Inf\"} 2\ng_gcount 2\n"
      "g_gsum -3\n# TYPE s stateset\ns{s=\"on\"} 1\ns{s=\"off\"} 0\n# TYPE b info\n"
      "b_info{v=\"1\"} 1\n# TYPE u unknown\nu 1\n# EOF\n",
      kOm);
  ASSERT_EQ(snapshot.families.size(), 4u);
  EXPECT_EQ(snapshot.families[0].type, MetricType::kGaugeHistogram);
  EXPECT_EQ(snapshot.families[1].type, MetricType::kStateSet);
  EXPECT_EQ(snapshot.families[2].type, MetricType::kInfo);
  EXPECT_EQ(snapshot.families[3].type, MetricType::kUnknown);
}

struct HelpCase {
  std::string name;
  Format format;
  std::string line;
  std::string help;
};
void PrintTo(const HelpCase& c, std::ostream* os) { *os << c.name; }

class HelpEscapeTest : public testing::TestWithParam<HelpCase> {};

TEST_P(HelpEscapeTest, UnescapesPerFormat) {
  const Snapshot snapshot = MustParse(GetParam().line + "\n# EOF\n", GetParam().format);
  ASSERT_EQ(snapshot.families.size(), 1u);
  EXPECT_EQ(snapshot.families[0].help, GetParam().help);
}

INSTANTIATE_TEST_SUITE_P(
    Formats, HelpEscapeTest,
    testing::Values(HelpCase{"Text004Newline", k004, "# HELP a x\\ny", "x\ny"},
                    HelpCase{"Text004Backslash", k004, "# HELP a x\\\\y", "x\\y"},
                    HelpCase{"Text004QuoteKeptVerbatim", k004, "# HELP a x\\\"y", "x\\\"y"},
                    HelpCase{"Text004RawQuote", k004, "# HELP a say \"hi\"", "say \"hi\""},
                    HelpCase{"Text004LeadingBlanksDropped", k004, "# HELP a    x", "x"},
                    HelpCase{"Text004Empty", k004, "# HELP a", ""},
                    HelpCase{"OpenMetricsQuote", kOm, "# HELP a x\\\"y", "x\"y"},
                    HelpCase{"OpenMetricsNewline", kOm, "# HELP a x\\ny", "x\ny"},
                    HelpCase{"OpenMetricsLeadingSpaceKept", kOm, "# HELP a  x", " x"},
                    HelpCase{"OpenMetricsEmpty", kOm, "# HELP a", ""}),
    [](const testing::TestParamInfo<HelpCase>& param_info) { return param_info.param.name; });

struct ValueCase {
  std::string name;
  std::string text;
  double value;
};
void PrintTo(const ValueCase& c, std::ostream* os) { *os << c.name; }

class SampleValueTest : public testing::TestWithParam<ValueCase> {};

TEST_P(SampleValueTest, ReadsValueInBothFormats) {
  for (const Format format : {k004, kOm}) {
    const Snapshot snapshot = MustParse("a " + GetParam().text + "\n# EOF\n", format);
    ASSERT_EQ(snapshot.families.size(), 1u);
    const double value = snapshot.families[0].samples[0].value;
    if (std::isnan(GetParam().value)) {
      EXPECT_TRUE(std::isnan(value)) << value;
    } else {
      EXPECT_EQ(value, GetParam().value);
    }
  }
}


INSTANTIATE_TEST_SUITE_P(
    Spellings, SampleValueTest,
    testing::Values(ValueCase{"Integer", "42", 42}, ValueCase{"Negative", "-1.5", -1.5},
                    ValueCase{"PlusSign", "+2", 2}, ValueCase{"Exponent", "1.5e3", 1500},
                    ValueCase{"UpperExponent", "2E-2", 0.02}, ValueCase{"LeadingDot", ".5", 0.5},
                    ValueCase{"TrailingDot", "5.", 5}, ValueCase{"Nan", "NaN", NAN},
                    ValueCase{"LowerNan", "nan", NAN}, ValueCase{"PlusInf", "+Inf", kInf},
                    ValueCase{"MinusInf", "-Inf", -kInf}, ValueCase{"BareInf", "Inf", kInf},
                    ValueCase{"Infinity", "+infinity", kInf}, ValueCase{"Overflow", "1e999", kInf}),
    [](const testing::TestParamInfo<ValueCase>& param_info) { return param_info.param.name; });

struct WarnCase {
  std::string name;
  std::string text;
  std::string message_part;
  int line;
  int column;
};
void PrintTo(const WarnCase& c, std::ostream* os) { *os << c.name; }

class ParserWarningTest : public testing::TestWithParam<WarnCase> {};

TEST_P(ParserWarningTest, AcceptsWithOneLocatedWarning) {
  const Snapshot snapshot = MustParse(GetParam().text, k004);
  ASSERT_EQ(snapshot.warnings.size(), 1u);
  EXPECT_NE(snapshot.warnings[0].message.find(GetParam().message_part), std::string::npos)
      << snapshot.warnings[0].message;
  EXPECT_EQ(snapshot.warnings[0].line, GetParam().line);
  EXPECT_EQ(snapshot.warnings[0].column, GetParam().column);
}

INSTANTIATE_TEST_SUITE_P(
    Text004, ParserWarningTest,
    testing::Values(
        WarnCase{"TrailingWhitespace", "a 1 \n", "trailing whitespace", 1, 4},
        WarnCase{"TrailingWhitespaceAfterTimestamp", "a 1 5\t\n", "trailing whitespace", 1, 6},
        WarnCase{"UndefinedHelpEscape", "# HELP a x\\ty\n", "'\\t'", 1, 11},
        WarnCase{"UndefinedHelpEscapeNonAscii", "# HELP a x\\\xC3\xA9\n", "byte 0xC3", 1, 11},
        WarnCase{"HelpAfterSamples", "a 1\n# HELP a x\n", "after its samples", 2, 10},
        WarnCase{"NonContiguousFamily", "a{x=\"1\"} 1\nb 1\na{x=\"2\"} 1\n", "not contiguous", 3,
                 1},
        WarnCase{"NegativeCounter", "# TYPE c counter\nc -1\n", "non-negative", 2, 1}),
    [](const testing::TestParamInfo<WarnCase>& param_info) { return param_info.param.name; });

TEST(PromTextParserTest, AcceptsLooseText004Layout) {
  const Snapshot snapshot =
      MustParse("\n  # comment\n# TYPE a gauge\n a { x = \"1\" , }\t2\na{x=\"2\"}3\n\n", k004);
  ASSERT_EQ(snapshot.families.size(), 1u);
  EXPECT_EQ(snapshot.families[0].samples.size(), 2u);
  EXPECT_EQ(snapshot.families[0].samples[1].value, 3);
  EXPECT_TRUE(snapshot.warnings.empty());
}

TEST(PromTextParserTest, EmptyText004IsAnEmptySnapshot) {
  const Snapshot snapshot = MustParse("", k004);
  EXPECT_TRUE(snapshot.families.empty());
}

TEST(PromTextParserTest, OpenMetricsEofLineMayOmitItsNewline) {
  EXPECT_TRUE(Parse("a 1\n# EOF", kOm).ok());
  EXPECT_TRUE(Parse("# EOF\n", kOm).ok());
}

TEST(PromTextParserTest, NamesMetricTypesAsWritten) {
  EXPECT_EQ(MetricTypeName(MetricType::kCounter), "counter");
  EXPECT_EQ(MetricTypeName(MetricType::kGaugeHistogram), "gaugehistogram");
  EXPECT_EQ(MetricTypeName(MetricType::kStateSet), "stateset");
  EXPECT_EQ(MetricTypeName(MetricType::kUnknown), "unknown");
}

struct ContentTypeCase {
  std::string name;
  std::string content_type;
  Format format;
};
void PrintTo(const ContentTypeCase& c, std::ostream* os) { *os << c.name; }

class ContentTypeTest : public testing::TestWithParam<ContentTypeCase> {};

TEST_P(ContentTypeTest, PicksGrammar) {
  EXPECT_EQ(FormatFromContentType(GetParam().content_type), GetParam().format);
}

INSTANTIATE_TEST_SUITE_P(
    Headers, ContentTypeTest,
    testing::Values(
        ContentTypeCase{"OpenMetrics", "application/openmetrics-text; version=1.0.0; charset=utf-8",
                        kOm},
        ContentTypeCase{"OpenMetricsNoVersion", "application/openmetrics-text", kOm},
        ContentTypeCase{"OpenMetricsUpperCase", "Application/OpenMetrics-Text;version=1.0.0", kOm},
        ContentTypeCase{"Text004", "text/plain; version=0.0.4; charset=utf-8", k004},
        ContentTypeCase{"Empty", "", k004}, ContentTypeCase{"Other", "application/json", k004}),
    [](const testing::TestParamInfo<ContentTypeCase>& param_info) {
      return param_info.param.name;
    });

}  // namespace
}  // namespace slogate::promtext
