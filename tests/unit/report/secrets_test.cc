// The JWT given in the config (and quoted in a finding's message) never reaches any output.
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "sample_document.h"
#include "slogate/common/secrets.h"
#include "slogate/report/console_reporter.h"
#include "slogate/report/html_reporter.h"
#include "slogate/report/json_results.h"
#include "slogate/report/pushgateway_reporter.h"

namespace slogate::report {
namespace {

// The planted token's three parts, each of which must be absent on its own too.
const std::string kPlanted = testing::kPlantedJwt;
const std::string kSignature = kPlanted.substr(kPlanted.rfind('.') + 1);

void ExpectNoSecret(const std::string& output, std::string_view format) {
  EXPECT_EQ(output.find(kPlanted), std::string::npos) << format;
  EXPECT_EQ(output.find(kSignature), std::string::npos) << format;
}

// What each format writes for `document`.
struct Formats {
  std::string console, json, html, pushgateway;
};

Formats WriteEveryFormat(const ResultsDocument& document) {
  std::ostringstream console, json, html;
  ConsoleReporter console_reporter(console);
  JsonReporter json_reporter(json);
  HtmlReporter html_reporter(html);
  Reporter* reporters[] = {&console_reporter, &json_reporter, &html_reporter};
  EXPECT_TRUE(ReportAll(document, reporters).ok());
  return {console.str(), json.str(), html.str(), PushgatewayExposition(document)};
}

TEST(SecretsTest, SampleDocumentReallyCarriesTheJwt) {
  const ResultsDocument document = testing::SampleDocument();
  EXPECT_NE(document.config.dump().find(kPlanted), std::string::npos);
  EXPECT_NE(document.verdict.findings[2].message.find(kPlanted), std::string::npos);
}

TEST(SecretsTest, JwtIsAbsentFromEveryFormat) {
  const Formats out = WriteEveryFormat(testing::SampleDocument());
  ExpectNoSecret(out.console, "console");
  ExpectNoSecret(out.json, "json");
  ExpectNoSecret(out.html, "html");
  ExpectNoSecret(out.pushgateway, "pushgateway");
  // The redaction is visible, so a reader knows a value was there.
  EXPECT_NE(out.json.find("\"jwt\": \"[redacted]\""), std::string::npos);
  EXPECT_NE(out.html.find("<th>JWT</th><td>[redacted]</td>"), std::string::npos);
  EXPECT_NE(out.console.find("(token [redacted])"), std::string::npos);
}

// A token of no particular shape, registered as the configuration registers the JWT, and
// echoed by a target into an event id, a finding's message, a scrape error and the run error.
TEST(SecretsTest, RegisteredTokenIsAbsentFromEveryFormatWhateverItsShape) {
  const std::string token = "tok-Zq93xv-opaque";
  secrets::ClearForTesting();
  secrets::Register(token);
  ResultsDocument document = testing::SampleDocument();
  document.run->event_ids.push_back(token);
  document.verdict.findings[0].message += " audit URL http://gw/v1/admin/memory/" + token;
  document.series[0].points[12].error = "scrape failed: " + token;
  document.error = "the target answered " + token;
  const Formats out = WriteEveryFormat(document);
  for (const std::string* output : {&out.console, &out.json, &out.html, &out.pushgateway}) {
    EXPECT_EQ(output->find(token), std::string::npos) << output->substr(0, 400);
  }
  EXPECT_NE(out.json.find("\"[redacted]\""), std::string::npos);
  EXPECT_NE(out.console.find("the target answered [redacted]"), std::string::npos);
  secrets::ClearForTesting();
}

}  // namespace
}  // namespace slogate::report
