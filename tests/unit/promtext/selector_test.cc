#include "slogate/promtext/selector.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "slogate/promtext/parser.h"

namespace slogate::promtext {
namespace {

constexpr std::string_view kExposition =
    "# TYPE http_requests_total counter\n"
    "http_requests_total{code=\"200\",path=\"/v1/session/message\"} 10\n"
    "http_requests_total{code=\"500\",path=\"/v1/session/message\"} 2\n"
    "http_requests_total{code=\"429\",path=\"/v1/health\"} 1\n"
    "http_requests_total_extra 100\n"
    "queue_depth{queue=\"dlq\"} 7\n"
    "{\"my.metric\",\"a.b\"=\"x\"} 3\n";

class SelectorTest : public testing::Test {
 protected:
  void SetUp() override {
    Result<Snapshot> parsed = Parse(kExposition, Format::kPrometheusText004);
    ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
    snapshot_ = std::move(parsed).value();
  }
  std::optional<double> SumOf(std::string_view text) {
    Result<Selector> selector = Selector::Parse(text);
    EXPECT_TRUE(selector.ok()) << text << ": " << selector.error().ToString();
    return selector.ok() ? Sum(snapshot_, *selector) : std::nullopt;
  }
  Snapshot snapshot_;
};

struct SumCase {
  std::string name;
  std::string selector;
  std::optional<double> sum;
};
void PrintTo(const SumCase& c, std::ostream* os) { *os << c.name; }

class SelectorSumTest : public SelectorTest, public testing::WithParamInterface<SumCase> {};

TEST_P(SelectorSumTest, SumsMatchingSeries) {
  EXPECT_EQ(SumOf(GetParam().selector), GetParam().sum);
}

INSTANTIATE_TEST_SUITE_P(
    Matchers, SelectorSumTest,
    testing::Values(
        SumCase{"NameOnly", "http_requests_total", 13},
        SumCase{"Equal", "http_requests_total{code=\"200\"}", 10},
        SumCase{"NotEqual", "http_requests_total{code!=\"200\"}", 3},
        SumCase{"RegexIsAnchored", "http_requests_total{code=~\"5..|4..\"}", 3},
        SumCase{"RegexPrefixDoesNotMatch", "http_requests_total{code=~\"5\"}", std::nullopt},
        SumCase{"NegativeRegex", "http_requests_total{path!~\".*health\"}", 12},
        SumCase{"SeveralMatchers", "http_requests_total{code=~\"[245]..\",path=\"/v1/health\"}", 1},
        SumCase{"RegexInlineFlag", "http_requests_total{path=~\"(?i)/V1/HEALTH\"}", 1},
        SumCase{"RegexPerlClass", "http_requests_total{code=~\"\\\\d{3}\"}", 13},
        SumCase{"NoName", "{queue=\"dlq\"}", 7},
        SumCase{"NameLabel", "{__name__=~\"http_requests_total.*\"}", 113},
        SumCase{"MissingLabelIsEmpty", "queue_depth{absent=\"\"}", 7},
        SumCase{"MissingLabelNotEqual", "queue_depth{absent!=\"x\"}", 7},
        SumCase{"Whitespace", " http_requests_total { code = \"200\" , } ", 10},
        SumCase{"SingleQuotes", "queue_depth{queue='dlq'}", 7},
        SumCase{"QuotedName", "{\"my.metric\",\"a.b\"=\"x\"}", 3},
        SumCase{"NothingMatches", "http_requests_total{code=\"201\"}", std::nullopt},
        SumCase{"UnknownMetric", "nope", std::nullopt}),
    [](const testing::TestParamInfo<SumCase>& param_info) { return param_info.param.name; });

TEST_F(SelectorTest, SelectReturnsSamplesInExpositionOrder) {
  const Result<Selector> selector = Selector::Parse("http_requests_total{code!=\"429\"}");
  ASSERT_TRUE(selector.ok());
  const std::vector<const Sample*> samples = Select(snapshot_, *selector);
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_EQ(samples[0]->value, 10);
  EXPECT_EQ(samples[1]->value, 2);
}

struct BadSelectorCase {
  std::string name;
  std::string text;
  int column;
};
void PrintTo(const BadSelectorCase& c, std::ostream* os) { *os << c.name; }

class BadSelectorTest : public testing::TestWithParam<BadSelectorCase> {};

TEST_P(BadSelectorTest, RejectsWithColumn) {
  const Result<Selector> selector = Selector::Parse(GetParam().text);
  ASSERT_FALSE(selector.ok());
  EXPECT_EQ(selector.error().code, "bad_selector");
  EXPECT_EQ(selector.error().column, GetParam().column) << selector.error().ToString();
}

INSTANTIATE_TEST_SUITE_P(Syntax, BadSelectorTest,
                         testing::Values(BadSelectorCase{"Empty", "", 1},
                                         BadSelectorCase{"EmptyBraces", "{}", 1},
                                         BadSelectorCase{"BadName", "1abc", 1},
                                         BadSelectorCase{"MissingOperator", "a{b}", 4},
                                         BadSelectorCase{"UnquotedValue", "a{b=c}", 5},
                                         BadSelectorCase{"Unterminated", "a{b=\"c}", 5},
                                         BadSelectorCase{"MissingClose", "a{b=\"c\"", 8},
                                         BadSelectorCase{"BadRegex", "a{b=~\"(\"}", 7},
                                         BadSelectorCase{"HugeRepetition", "a{b=~\"x{1001}\"}", 8},
                                         BadSelectorCase{"Backreference", "a{b=~\"(x)\\\\1\"}", 10},
                                         BadSelectorCase{"UnbalancedGroup", "a{b=~\"a)|(b\"}", 7},
                                         BadSelectorCase{"RepeatedRepetition", "a{b=~\"2**\"}", 8},
                                         // Escapes are two characters of the text: the
                                         // column is the text's, at the "**".
                                         BadSelectorCase{"AfterEscapes", "a{b=~\"\\\\d\\\\d**\"}", 13},
                                         BadSelectorCase{"TrailingText", "a b", 3},
                                         BadSelectorCase{"BadEscape", "a{b=\"\\q\"}", 6}),
                         [](const testing::TestParamInfo<BadSelectorCase>& param_info) {
                           return param_info.param.name;
                         });

struct RoundTripCase {
  std::string name;
  std::string text;
  std::string canonical;
};
void PrintTo(const RoundTripCase& c, std::ostream* os) { *os << c.name; }

class SelectorToStringTest : public testing::TestWithParam<RoundTripCase> {};

TEST_P(SelectorToStringTest, PrintsCanonicalTextThatParsesBack) {
  const Result<Selector> selector = Selector::Parse(GetParam().text);
  ASSERT_TRUE(selector.ok()) << selector.error().ToString();
  EXPECT_EQ(selector->ToString(), GetParam().canonical);
  const Result<Selector> again = Selector::Parse(selector->ToString());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ToString(), GetParam().canonical);
}

INSTANTIATE_TEST_SUITE_P(
    Canonical, SelectorToStringTest,
    testing::Values(RoundTripCase{"Name", " up ", "up"},
                    RoundTripCase{"Matchers", "up{ a = 'x' ,b!~\"y|z\"}", "up{a=\"x\",b!~\"y|z\"}"},
                    RoundTripCase{"NoName", "{a!=\"q\\\"uote\"}", "{a!=\"q\\\"uote\"}"},
                    RoundTripCase{"QuotedNames", "{\"my.metric\",\"a.b\"=~\"x\"}",
                                  "{\"my.metric\",\"a.b\"=~\"x\"}"}),
    [](const testing::TestParamInfo<RoundTripCase>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace slogate::promtext
