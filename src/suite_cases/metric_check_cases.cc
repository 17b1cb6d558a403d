#include "metric_check_cases.h"

#include <string>

#include "slogate/suite/slo_case.h"

namespace slogate::suite {
namespace {

// One metric check of one run.
class MetricCheckCase : public ::testing::Test {
 public:
  MetricCheckCase(RunKey key, std::string check) : key_(std::move(key)), check_(std::move(check)) {}

  void TestBody() override {
    const RunRecord& record = SuiteSession::Instance().Measure(key_);
    const slo::Finding* finding = record.verdict.Find(check_);
    ASSERT_NE(finding, nullptr) << "the evaluation produced no finding for " << check_;
    ExpectFinding(key_, *finding, record.verdict);
  }

 private:
  RunKey key_;
  std::string check_;
};

}  // namespace

void RegisterMetricCheckCases() {
  const SuiteSession& session = SuiteSession::Instance();
  for (const RunKey& key : session.selected()) {
    const config::LoadProfile* profile = session.config().FindProfile(key.profile);
    if (profile == nullptr) continue;
    for (const config::MetricCheck& check : profile->metric_checks) {
      ::testing::RegisterTest("Profile/MetricCheck", (check.name + "/" + RunKeyName(key)).c_str(),
                              nullptr, nullptr, __FILE__, __LINE__,
                              [key, name = check.name]() -> MetricCheckCase* {
                                return new MetricCheckCase(key, name);
                              });
    }
  }
}

}  // namespace slogate::suite
