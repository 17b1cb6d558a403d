#include "slogate/config/request_template.h"

#include <gtest/gtest.h>

namespace slogate::config {
namespace {

Target SampleTarget() {
  Target target;
  target.message = "say \"hi\"\n";
  target.persona_id = "p 1/2";
  target.tenant = "acme";
  return target;
}

TEST(RequestTemplateTest, BodyValuesAreJsonEscapedAndUuidIsLeftForTheLoadEngine) {
  Endpoint endpoint;
  endpoint.body_template =
      R"({"session_id": "{{uuid}}", "message": "{message}", "persona_id": "{persona_id}"})";
  EXPECT_EQ(RenderBody(endpoint, SampleTarget()),
            R"({"session_id": "{{uuid}}", "message": "say \"hi\"\u000a", "persona_id": "p 1/2"})");
}

TEST(RequestTemplateTest, PathValuesArePercentEncoded) {
  Endpoint endpoint;
  endpoint.path = "/v1/admin/memory?persona={persona_id}&tenant={tenant}";
  EXPECT_EQ(RenderPath(endpoint, SampleTarget()), "/v1/admin/memory?persona=p%201%2F2&tenant=acme");
}

TEST(RequestTemplateTest, EmptyTemplateStaysEmptyForTheSeedPayload) {
  EXPECT_EQ(RenderBody(Endpoint{}, SampleTarget()), "");
}

TEST(RequestTemplateTest, ValuesAreNeverExpandedTwice) {
  Target target;
  target.message = "{tenant}";
  target.tenant = "acme";
  Endpoint endpoint;
  endpoint.body_template = "{message}/{tenant}";
  EXPECT_EQ(RenderBody(endpoint, target), "{tenant}/acme");
}

}  // namespace
}  // namespace slogate::config
