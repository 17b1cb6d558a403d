// Differential test: slogate's verdict on every file of fixtures/metrics against
// `promtool check metrics` (Prometheus 2.42, Debian package `prometheus`).
//
// promtool exits 0 (valid), 3 (valid, lint findings such as "no help text") or 1 (parse
// error). It only reads text format 0.0.4, so OpenMetrics files are compared with what it makes
// of them as 0.0.4 text. Every disagreement is listed below with the reason; a disagreement
// that is not listed, or a listed one that no longer happens, fails the test.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "slogate/promtext/parser.h"

namespace slogate::promtext {
namespace {

namespace fs = std::filesystem;

const std::map<std::string, std::string>& ExpectedDisagreements() {
  static const std::map<std::string, std::string> kDisagreements = {
      // Text 0.0.4: slogate stricter, where the format or the suite's arithmetic needs it.
      {"text004/invalid/bucket_order.prom",
       "0.0.4 requires buckets in increasing le order; promtool does not check it"},
      {"text004/invalid/bucket_without_le.prom",
       "a _bucket sample without le cannot be placed in the histogram; promtool skips it"},
      {"text004/invalid/duplicate_series.prom",
       "the same series twice makes every sum ambiguous (Prometheus drops the second on "
       "ingestion); promtool's parser keeps both"},
      {"text004/invalid/missing_inf_bucket.prom",
       "0.0.4 and OpenMetrics require the +Inf bucket and histogram_quantile needs it"},
      {"text004/invalid/non_cumulative_buckets.prom",
       "buckets are cumulative by definition; promtool does not check counts"},
      {"text004/invalid/summary_without_quantile.prom",
       "a summary's plain samples are quantiles and need the quantile label"},
      {"text004/invalid/type_without_type.prom",
       "a TYPE line without a type declares nothing; promtool ignores the line"},
      // Text 0.0.4: slogate more lenient, where rejecting would fail whole scrapes that
      // Prometheus itself ingests.
      {"text004/valid/help_with_quote_escape.prom",
       "\\\" in 0.0.4 HELP is undefined; Prometheus' scrape parser accepts it, slogate warns "
       "and keeps it verbatim, promtool rejects"},
      {"text004/valid/trailing_whitespace.prom",
       "Prometheus' scrape parser accepts trailing blanks; slogate warns, promtool rejects"},
      {"text004/valid/utf8_quoted_names.prom",
       "quoted UTF-8 names ({\"my.metric\"}) came after Prometheus 2.42"},
      // OpenMetrics rules that promtool's 0.0.4 parser does not know.
      {"openmetrics/invalid/blank_line.txt", "OpenMetrics forbids blank lines; 0.0.4 allows them"},
      {"openmetrics/invalid/counter_without_total.txt",
       "OpenMetrics counters expose <name>_total; in 0.0.4 the sample name is the family name"},
      {"openmetrics/invalid/data_after_eof.txt", "# EOF is only a comment in 0.0.4"},
      {"openmetrics/invalid/double_space.txt",
       "OpenMetrics separates tokens with exactly one space; 0.0.4 with any blanks"},
      {"openmetrics/invalid/free_comment.txt", "0.0.4 allows free comments; OpenMetrics does not"},
      {"openmetrics/invalid/interleaved.txt",
       "OpenMetrics forbids interleaved families; 0.0.4 parsers merge them"},
      {"openmetrics/invalid/metadata_after_samples.txt",
       "OpenMetrics metadata must precede the samples; 0.0.4 allows a late HELP"},
      {"openmetrics/invalid/missing_eof.txt", "# EOF is required only in OpenMetrics"},
      {"openmetrics/invalid/missing_inf_bucket.txt",
       "OpenMetrics requires the +Inf bucket; promtool does not check it"},
      {"openmetrics/invalid/negative_counter.txt",
       "OpenMetrics counters are non-negative; in 0.0.4 the sample is a separate untyped one"},
      {"openmetrics/invalid/space_in_labels.txt",
       "OpenMetrics allows no whitespace in label sets; 0.0.4 does"},
      {"openmetrics/invalid/trailing_comma.txt",
       "OpenMetrics has no trailing comma in label sets; 0.0.4 allows one"},
      {"openmetrics/invalid/unit_mismatch.txt",
       "UNIT is an OpenMetrics line; in 0.0.4 it is a comment"},
      {"openmetrics/invalid/untyped_keyword.txt",
       "\"untyped\" is 0.0.4's keyword; OpenMetrics says \"unknown\""},
      // OpenMetrics syntax that 0.0.4 does not have.
      {"openmetrics/valid/counter.txt", "OpenMetrics timestamps are float seconds"},
      {"openmetrics/valid/eof_without_newline.txt",
       "the OpenMetrics # EOF line may end without a newline"},
      {"openmetrics/valid/exemplars.txt", "exemplars exist only in OpenMetrics"},
      {"openmetrics/valid/gaugehistogram.txt", "gaugehistogram is an OpenMetrics type"},
      {"openmetrics/valid/help_escapes.txt", "\\\" is a valid HELP escape only in OpenMetrics"},
      {"openmetrics/valid/python_client.txt",
       "exemplars and the info/stateset types exist only in OpenMetrics"},
      {"openmetrics/valid/stateset_info.txt", "stateset and info are OpenMetrics types"},
      {"openmetrics/valid/unknown.txt", "\"unknown\" is OpenMetrics' keyword for untyped"},
      {"openmetrics/valid/utf8_quoted_names.txt", "quoted UTF-8 names came after Prometheus 2.42"},
  };
  return kDisagreements;
}

struct CorpusFile {
  std::string relative;  // e.g. "text004/valid/minimal.prom"
  Format format;
  bool expected_valid;  // from the folder name
};

// gtest prints the case by its file in test names and logs.
void PrintTo(const CorpusFile& c, std::ostream* os) { *os << c.relative; }

std::vector<CorpusFile> ListCorpus() {
  std::vector<CorpusFile> files;
  const fs::path root = SLOGATE_METRICS_FIXTURES;
  for (const auto& [folder, format] : {std::pair{"text004", Format::kPrometheusText004},
                                       std::pair{"openmetrics", Format::kOpenMetrics100}}) {
    for (const char* verdict : {"valid", "invalid"}) {
      const fs::path dir = root / folder / verdict;
      if (!fs::exists(dir)) continue;
      for (const auto& entry : fs::directory_iterator(dir)) {
        files.push_back(CorpusFile{fs::relative(entry.path(), root).string(), format,
                                   std::string(verdict) == "valid"});
      }
    }
  }
  std::sort(files.begin(), files.end(),
            [](const CorpusFile& a, const CorpusFile& b) { return a.relative < b.relative; });
  return files;
}

std::string TestName(const std::string& relative) {
  std::string name;
  bool upper = true;
  for (const char c : relative) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0) {
      upper = true;
      continue;
    }
    name.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c);
    upper = false;
  }
  return name;
}

// promtool's verdict: true when it parsed the file (exit 0 or 3).
bool PromtoolAccepts(const std::string& path) {
  const std::string command =
      std::string(SLOGATE_PROMTOOL) + " check metrics < '" + path + "' > /dev/null 2>&1";
  const int status = std::system(command.c_str());
  EXPECT_TRUE(WIFEXITED(status)) << command;
  const int code = WEXITSTATUS(status);
  EXPECT_TRUE(code == 0 || code == 1 || code == 3) << command << " exited " << code;
  return code == 0 || code == 3;
}

class PromtoolDifferentialTest : public testing::TestWithParam<CorpusFile> {
 protected:
  void SetUp() override {
    if (!fs::exists(SLOGATE_PROMTOOL)) GTEST_SKIP() << SLOGATE_PROMTOOL << " is not installed";
  }
};

TEST_P(PromtoolDifferentialTest, AgreesWithPromtoolOrListsWhy) {
  const CorpusFile& file = GetParam();
  const std::string path = std::string(SLOGATE_METRICS_FIXTURES) + "/" + file.relative;
  std::ifstream in(path, std::ios::binary);
  const std::string text(std::istreambuf_iterator<char>(in), {});
  const Result<Snapshot> ours = Parse(text, file.format);
  EXPECT_EQ(ours.ok(), file.expected_valid)
      << file.relative << ": " << (ours.ok() ? "accepted" : ours.error().ToString());
  const bool theirs = PromtoolAccepts(path);
  const auto listed = ExpectedDisagreements().find(file.relative);
  if (ours.ok() == theirs) {
    EXPECT_EQ(listed, ExpectedDisagreements().end())
        << file.relative << " is listed as a disagreement but both now say "
        << (theirs ? "valid" : "invalid");
  } else {
    EXPECT_NE(listed, ExpectedDisagreements().end())
        << file.relative << ": slogate says " << (ours.ok() ? "valid" : "invalid")
        << ", promtool says " << (theirs ? "valid" : "invalid") << "; list and justify it";
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, PromtoolDifferentialTest, testing::ValuesIn(ListCorpus()),
                         [](const testing::TestParamInfo<CorpusFile>& param_info) {
                           return TestName(param_info.param.relative);
                         });

TEST(PromtoolDifferentialListTest, EveryListedDisagreementNamesACorpusFile) {
  const std::vector<CorpusFile> corpus = ListCorpus();
  for (const auto& [relative, reason] : ExpectedDisagreements()) {
    EXPECT_TRUE(std::any_of(corpus.begin(), corpus.end(),
                            [&](const CorpusFile& file) { return file.relative == relative; }))
        << relative << " (" << reason << ") is not in the corpus";
  }
}

}  // namespace
}  // namespace slogate::promtext
