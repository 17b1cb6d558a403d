// Every rejected input: the error code and the line:column it points at.
#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "slogate/promtext/parser.h"
#include "test_formats.h"

namespace slogate::promtext {
namespace {

using test::k004;
using test::kOm;

struct RejectCase {
  std::string name;
  Format format;
  std::string text;
  std::string code;
  int line;
  int column;
};

void PrintTo(const RejectCase& c, std::ostream* os) { *os << c.name; }


class ParserRejectTest : public testing::TestWithParam<RejectCase> {};

TEST_P(ParserRejectTest, RejectsWithCodeAndPosition) {
  const RejectCase& c = GetParam();
  const Result<Snapshot> result = Parse(c.text, c.format);
  ASSERT_FALSE(result.ok()) << "accepted: " << c.text;
  EXPECT_EQ(result.error().code, c.code) << result.error().ToString();
  EXPECT_EQ(result.error().line, c.line) << result.error().ToString();
  EXPECT_EQ(result.error().column, c.column) << result.error().ToString();
  EXPECT_EQ(result.error().ToString().rfind(
                std::to_string(c.line) + ":" + std::to_string(c.column) + ": ", 0),
            0u);
}

INSTANTIATE_TEST_SUITE_P(
    Text004, ParserRejectTest,
    testing::Values(
        RejectCase{"MissingFinalNewline", k004, "a 1\nb 2", "missing_final_newline", 2, 4},
        RejectCase{"Crlf", k004, "a 1\r\n", "crlf", 1, 4},
        RejectCase{"CrlfInHelp", k004, "# HELP a x\r\na 1\n", "crlf", 1, 11},
        RejectCase{"DuplicateLabel", k004, "a{x=\"1\",x=\"2\"} 1\n", "duplicate_label", 1, 9},
        RejectCase{"BadEscape", k004, "a{x=\"\\q\"} 1\n", "bad_escape", 1, 6},
        RejectCase{"UnterminatedQuote", k004, "a{x=\"1} 1\n", "unterminated_quote", 1, 5},
        RejectCase{"UnterminatedLabels", k004, "a{x=\"1\" 1\n", "expected_comma", 1, 9},
        RejectCase{"InvalidUtf8", k004, "a 1\nb{x=\"\xC3\xA9\xff\"} 1\n", "invalid_utf8", 2, 7},
        RejectCase{"OverlongUtf8", k004, "a{x=\"\xC0\xAF\"} 1\n", "invalid_utf8", 1, 6},
        RejectCase{"Utf8Surrogate", k004, "a{x=\"\xED\xA0\x80\"} 1\n", "invalid_utf8", 1, 6},
        RejectCase{"TypeAfterSamples", k004, "a 1\n# TYPE a gauge\n", "type_after_samples", 2, 10},
        RejectCase{"TypeTwice", k004, "# TYPE a gauge\n# TYPE a gauge\n", "duplicate_type", 2, 10},
        RejectCase{"HelpTwice", k004, "# HELP a x\n# HELP a y\n", "duplicate_help", 2, 10},
        RejectCase{"UnknownType", k004, "# TYPE a info\n", "bad_type", 1, 10},
        RejectCase{"TypeWithoutType", k004, "# TYPE a\n", "missing_type", 1, 9},
        RejectCase{"FloatTimestamp", k004, "a 1 1.5\n", "bad_timestamp", 1, 5},
        RejectCase{"TimestampOverflow", k004, "a 1 9223372036854775808\n", "bad_timestamp", 1, 5},
        RejectCase{"Exemplar", k004, "a 1 # {t=\"x\"} 1\n", "bad_timestamp", 1, 5},
        RejectCase{"TextAfterTimestamp", k004, "a 1 2 3\n", "unexpected_text", 1, 7},
        RejectCase{"HexValue", k004, "a 0x1F\n", "bad_value", 1, 3},
        RejectCase{"UnderscoreValue", k004, "a 1_000\n", "bad_value", 1, 3},
        RejectCase{"SignedNan", k004, "a -NaN\n", "bad_value", 1, 3},
        RejectCase{"MissingValue", k004, "a{x=\"1\"}\n", "missing_value", 1, 9},
        RejectCase{"NoSpaceAfterName", k004, "a#1\n", "expected_space", 1, 2},
        RejectCase{"ReservedLabel", k004, "a{__name__=\"b\"} 1\n", "reserved_label", 1, 3},
        RejectCase{"BadLabelName", k004, "a{1x=\"1\"} 1\n", "bad_label_name", 1, 3},
        RejectCase{"LoneComma", k004, "a{,} 1\n", "bad_label_name", 1, 3},
        RejectCase{"BadMetricName", k004, "1a 1\n", "bad_metric_name", 1, 1},
        RejectCase{"UnquotedValue", k004, "a{x=1} 1\n", "expected_quote", 1, 5},
        RejectCase{"MissingEquals", k004, "a{x \"1\"} 1\n", "expected_equals", 1, 5},
        RejectCase{"NameOnlyInBraces", k004, "{x=\"1\"} 1\n", "missing_metric_name", 1, 1},
        RejectCase{"EmptyQuotedName", k004, "{\"\"} 1\n", "bad_metric_name", 1, 2},
        RejectCase{"DuplicateSeries", k004, "a{x=\"1\"} 1\nb 1\na{x=\"1\"} 2\n", "duplicate_series",
                   3, 1},
        RejectCase{"DuplicateSeriesLabelOrder", k004,
                   "a{x=\"1\",y=\"2\"} 1\na{y=\"2\",x=\"1\"} 1\n", "duplicate_series", 2, 1},
        // A sample repeating the previous sample's name and label names skips the name scan
        // and the sort; these differ from the previous sample only where the error is.
        RejectCase{"DuplicateLabelAfterRepeatedNames", k004,
                   "a{x=\"1\",y=\"2\"} 1\na{x=\"1\",x=\"2\"} 1\n", "duplicate_label", 2, 9},
        RejectCase{"ExtraDuplicateLabelAfterRepeatedNames", k004,
                   "a{x=\"1\",y=\"2\"} 1\na{x=\"3\",y=\"2\",y=\"4\"} 1\n", "duplicate_label", 2,
                   15},
        RejectCase{"RepeatedNameWithLongerLabelName", k004,
                   "a{x=\"1\"} 1\na{xy=\"1\",x=\"1\"} 1\na{x=\"1\"} 1\n", "duplicate_series", 3, 1},
        RejectCase{"RepeatedPrefixOfMetricName", k004, "ab 1\nabc.d 1\n", "expected_space", 2, 4},
        RejectCase{"QuotedLabelNameAfterUnquoted", k004, "a{\"x\"=\"1\"} 1\na{x.y=\"1\"} 1\n",
                   "expected_equals", 2, 4},
        RejectCase{"ReservedLabelAfterRepeatedNames", k004, "a{x=\"1\"} 1\na{__name__=\"1\"} 1\n",
                   "reserved_label", 2, 3},
        RejectCase{"MissingInfBucket", k004,
                   "# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_bucket{le=\"2\"} 1\nh_count 1\n",
                   "missing_inf_bucket", 3, 1},
        RejectCase{
            "MissingInfBucketOneSeries", k004,
            "# TYPE h histogram\nh_bucket{le=\"+Inf\",x=\"a\"} 1\nh_bucket{le=\"1\",x=\"b\"} "
            "1\n",
            "missing_inf_bucket", 3, 1},
        RejectCase{"NonCumulativeBuckets", k004,
                   "# TYPE h histogram\nh_bucket{le=\"1\"} 5\nh_bucket{le=\"+Inf\"} 4\n",
                   "non_cumulative", 3, 1},
        RejectCase{"BucketOrder", k004,
                   "# TYPE h histogram\nh_bucket{le=\"2\"} 1\nh_bucket{le=\"1\"} 1\n",
                   "bucket_order", 3, 1},
        RejectCase{"BucketWithoutLe", k004, "# TYPE h histogram\nh_bucket 1\n", "missing_le", 2, 1},
        RejectCase{"BadLe", k004, "# TYPE h histogram\nh_bucket{le=\"x\"} 1\n", "bad_le", 2, 1},
        RejectCase{"NegativeBucketCount", k004, "# TYPE h histogram\nh_bucket{le=\"+Inf\"} -1\n",
                   "bad_bucket_count", 2, 1},
        RejectCase{"HistogramPlainName", k004, "# TYPE h histogram\nh 1\n", "bad_suffix", 2, 1},
        RejectCase{"SummaryWithoutQuantile", k004, "# TYPE s summary\ns 1\n", "missing_quantile", 2,
                   1},
        RejectCase{"QuantileOutOfRange", k004, "# TYPE s summary\ns{quantile=\"1.5\"} 1\n",
                   "bad_quantile", 2, 1}),
    [](const testing::TestParamInfo<RejectCase>& param_info) { return param_info.param.name; });

INSTANTIATE_TEST_SUITE_P(
    OpenMetrics, ParserRejectTest,
    testing::Values(
        RejectCase{"MissingEof", kOm, "a 1\n", "missing_eof", 2, 1},
        RejectCase{"EmptyInput", kOm, "", "missing_eof", 1, 1},
        RejectCase{"DataAfterEof", kOm, "a 1\n# EOF\n\n", "data_after_eof", 3, 1},
        RejectCase{"MissingFinalNewline", kOm, "a 1", "missing_final_newline", 1, 4},
        RejectCase{"BlankLine", kOm, "a 1\n\n# EOF\n", "blank_line", 2, 1},
        RejectCase{"LeadingSpace", kOm, " a 1\n# EOF\n", "unexpected_whitespace", 1, 1},
        RejectCase{"DoubleSpace", kOm, "a  1\n# EOF\n", "unexpected_whitespace", 1, 3},
        RejectCase{"Tab", kOm, "a\t1\n# EOF\n", "unexpected_whitespace", 1, 2},
        RejectCase{"TrailingSpace", kOm, "a 1 \n# EOF\n", "bad_timestamp", 1, 5},
        RejectCase{"SpaceInLabels", kOm, "a{x=\"1\", y=\"2\"} 1\n# EOF\n", "unexpected_whitespace",
                   1, 9},
        RejectCase{"TrailingComma", kOm, "a{x=\"1\",} 1\n# EOF\n", "trailing_comma", 1, 8},
        RejectCase{"FreeComment", kOm, "# hi there\n# EOF\n", "bad_comment", 1, 3},
        RejectCase{"HashWithoutSpace", kOm, "#HELP a x\n# EOF\n", "bad_comment", 1, 1},
        RejectCase{"UntypedKeyword", kOm, "# TYPE a untyped\n# EOF\n", "bad_type", 1, 10},
        RejectCase{"HelpBadEscape", kOm, "# HELP a x\\qy\n# EOF\n", "bad_escape", 1, 11},
        RejectCase{"CounterWithoutTotal", kOm, "# TYPE a counter\na 1\n# EOF\n", "bad_suffix", 2,
                   1},
        RejectCase{"InfoWithoutSuffix", kOm, "# TYPE i info\ni 1\n# EOF\n", "bad_suffix", 2, 1},
        RejectCase{"Interleaved", kOm, "a 1\nb 1\na 2\n# EOF\n", "duplicate_family", 3, 1},
        RejectCase{"FamilyTwice", kOm, "# TYPE a gauge\na 1\n# TYPE b gauge\n# TYPE a gauge\n",
                   "duplicate_family", 4, 8},
        RejectCase{"MetadataAfterSamples", kOm, "# TYPE a gauge\na 1\n# HELP a x\n# EOF\n",
                   "metadata_after_samples", 3, 8},
        RejectCase{"UnitTwice", kOm, "# UNIT a_b b\n# UNIT a_b b\n# EOF\n", "duplicate_unit", 2,
                   12},
        RejectCase{"UnitMismatch", kOm, "# UNIT a_seconds bytes\n# EOF\n", "unit_mismatch", 1, 18},
        RejectCase{"IntegerMsTimestampIsFine", kOm, "a 1 1.5e3 x\n# EOF\n", "unexpected_text", 1,
                   11},
        RejectCase{"InfiniteTimestamp", kOm, "a 1 +Inf\n# EOF\n", "bad_timestamp", 1, 5},
        RejectCase{"ExemplarOnGauge", kOm, "# TYPE g gauge\ng 1 # {t=\"x\"} 1\n# EOF\n",
                   "exemplar_not_allowed", 2, 5},
        RejectCase{"ExemplarWithoutLabels", kOm, "# TYPE c counter\nc_total 1 # 1\n# EOF\n",
                   "bad_exemplar", 2, 13},
        RejectCase{"ExemplarTooLong", kOm,
                   "# TYPE c counter\nc_total 1 # {t=\"" + std::string(128, 'x') + "\"} 1\n# EOF\n",
                   "exemplar_too_long", 2, 13},
        RejectCase{"ExemplarBadValue", kOm, "# TYPE c counter\nc_total 1 # {} x\n# EOF\n",
                   "bad_value", 2, 16},
        RejectCase{"NegativeCounter", kOm, "# TYPE c counter\nc_total -1\n# EOF\n",
                   "bad_counter_value", 2, 1},
        RejectCase{"NanCounter", kOm, "# TYPE c counter\nc_total NaN\n# EOF\n", "bad_counter_value",
                   2, 1},
        RejectCase{"StateSetValue", kOm, "# TYPE s stateset\ns{s=\"a\"} 2\n# EOF\n",
                   "bad_stateset_value", 2, 1},
        RejectCase{"StateSetLabel", kOm, "# TYPE s stateset\ns{x=\"a\"} 1\n# EOF\n",
                   "missing_state_label", 2, 1},
        RejectCase{"InfoValue", kOm, "# TYPE i info\ni_info 2\n# EOF\n", "bad_info_value", 2, 1},
        RejectCase{"GaugeHistogramMissingInf", kOm,
                   "# TYPE g gaugehistogram\ng_bucket{le=\"1\"} 1\ng_gcount 1\n# EOF\n",
                   "missing_inf_bucket", 2, 1},
        RejectCase{"Crlf", kOm, "a 1\r\n# EOF\n", "crlf", 1, 4},
        RejectCase{"ColumnCountsCodePoints", kOm, "a{x=\"\xC3\xA9\xC3\xA9\",x=\"1\"} 1\n# EOF\n",
                   "duplicate_label", 1, 10}),
    [](const testing::TestParamInfo<RejectCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace slogate::promtext
