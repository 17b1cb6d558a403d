#include "error_taxonomy.h"

#include <gtest/gtest.h>

namespace slogate::load {
namespace {

struct CurlCase {
  const char* name;
  CURLcode code;
  ErrorCategory category;
};

class CurlCodeCategoryTest : public testing::TestWithParam<CurlCase> {};

TEST_P(CurlCodeCategoryTest, MapsToItsCategory) {
  EXPECT_EQ(CategoryOfCurlCode(GetParam().code), GetParam().category);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CurlCodeCategoryTest,
    testing::Values(CurlCase{"Refused", CURLE_COULDNT_CONNECT, ErrorCategory::kConnect},
                    CurlCase{"Resolve", CURLE_COULDNT_RESOLVE_HOST, ErrorCategory::kConnect},
                    CurlCase{"Timeout", CURLE_OPERATION_TIMEDOUT, ErrorCategory::kTimeout},
                    CurlCase{"Handshake", CURLE_SSL_CONNECT_ERROR, ErrorCategory::kTls},
                    CurlCase{"BadCert", CURLE_PEER_FAILED_VERIFICATION, ErrorCategory::kTls},
                    CurlCase{"Send", CURLE_SEND_ERROR, ErrorCategory::kWrite},
                    CurlCase{"Reset", CURLE_RECV_ERROR, ErrorCategory::kRead},
                    CurlCase{"EmptyReply", CURLE_GOT_NOTHING, ErrorCategory::kRead},
                    CurlCase{"Garbage", CURLE_WEIRD_SERVER_REPLY, ErrorCategory::kRead},
                    // libcurl 7.88's codes for a header line over 100 KiB and for a reply
                    // that is not HTTP/1.x: the target's malformed answer.
                    CurlCase{"HugeHeaderLine", CURLE_OUT_OF_MEMORY, ErrorCategory::kRead},
                    CurlCase{"Http09Reply", CURLE_UNSUPPORTED_PROTOCOL, ErrorCategory::kRead},
                    CurlCase{"FailedInit", CURLE_FAILED_INIT, ErrorCategory::kOther}),
    [](const testing::TestParamInfo<CurlCase>& param_info) { return param_info.param.name; });

TEST(OkStatusesTest, DefaultSetAcceptsOnly200) {
  const OkStatuses ok({200});
  EXPECT_EQ(ok.Classify(200), std::nullopt);
  EXPECT_EQ(ok.Classify(201), ErrorCategory::kStatusOther);
  EXPECT_EQ(ok.Classify(302), ErrorCategory::kStatusOther);
  EXPECT_EQ(ok.Classify(404), ErrorCategory::kStatus4xx);
  EXPECT_EQ(ok.Classify(429), ErrorCategory::kStatus429);
  EXPECT_EQ(ok.Classify(502), ErrorCategory::kStatus5xx);
  EXPECT_EQ(ok.Classify(0), ErrorCategory::kStatusOther);
  EXPECT_EQ(ok.Classify(100000), ErrorCategory::kStatusOther);
}

TEST(OkStatusesTest, ConfiguredStatusesCountAsOk) {
  const OkStatuses ok({200, 202, 409});
  EXPECT_EQ(ok.Classify(202), std::nullopt);
  EXPECT_EQ(ok.Classify(409), std::nullopt);
  EXPECT_EQ(ok.Classify(410), ErrorCategory::kStatus4xx);
}

}  // namespace
}  // namespace slogate::load
