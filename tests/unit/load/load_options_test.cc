#include "slogate/load/load_options.h"

#include <gtest/gtest.h>

#include <functional>

#include "slogate/common/load_limits.h"

namespace slogate::load {
namespace {

TEST(LoadOptionsTest, DefaultsAreValidAndTheUpstreamOnes) {
  const LoadOptions options;
  EXPECT_TRUE(options.Validate().ok());
  EXPECT_EQ(options.RequestUrl(), "http://127.0.0.1:8010/v1/session/message");
  EXPECT_EQ(options.concurrency, 20);
  EXPECT_EQ(options.schedule.rps, 5);
  EXPECT_EQ(options.schedule.duration, std::chrono::seconds(30));
  EXPECT_EQ(options.ok_statuses, std::set<int>{200});
}

struct InvalidCase {
  const char* name;
  std::function<void(LoadOptions&)> change;
  const char* code;
  const char* message_part;
};

class LoadOptionsRejectsTest : public testing::TestWithParam<InvalidCase> {};

TEST_P(LoadOptionsRejectsTest, SaysWhatIsWrong) {
  LoadOptions options;
  GetParam().change(options);
  const Status status = options.Validate();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, GetParam().code);
  EXPECT_NE(status.error().message.find(GetParam().message_part), std::string::npos)
      << status.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, LoadOptionsRejectsTest,
    testing::Values(
        InvalidCase{"NoScheme", [](LoadOptions& o) { o.target_url = "127.0.0.1:8010"; },
                    "bad_target_url", "http://"},
        InvalidCase{"UrlWithPath", [](LoadOptions& o) { o.target_url = "http://h/v1"; },
                    "bad_target_url", "TARGET_PATH"},
        InvalidCase{"NoHost", [](LoadOptions& o) { o.target_url = "http://"; }, "bad_target_url",
                    "no host"},
        InvalidCase{"RelativePath", [](LoadOptions& o) { o.request.path = "v1/x"; }, "bad_path",
                    "start with '/'"},
        InvalidCase{"LowercaseMethod", [](LoadOptions& o) { o.request.method = "post"; },
                    "bad_method", "post"},
        InvalidCase{"HeaderWithoutColon", [](LoadOptions& o) { o.request.headers = {"X-Broken"}; },
                    "bad_header", "X-Broken"},
        InvalidCase{"ZeroConcurrency", [](LoadOptions& o) { o.concurrency = 0; }, "bad_concurrency",
                    ">= 1"},
        InvalidCase{"ConcurrencyPastTheCap",
                    [](LoadOptions& o) { o.concurrency = limits::kMaxConcurrency + 1; },
                    "bad_concurrency", "slogate merge"},
        InvalidCase{"BodyPastTheCap",
                    [](LoadOptions& o) { o.request.body.assign(kMaxBodyBytes + 1, 'x'); },
                    "body_too_large", "at most 64 MiB"},
        InvalidCase{"MessagePastTheCap",
                    [](LoadOptions& o) { o.request.message.assign(kMaxBodyBytes + 1, 'x'); },
                    "body_too_large", "smaller body or message"},
        InvalidCase{"TooManyPlaceholders",
                    [](LoadOptions& o) {
                      for (size_t i = 0; i <= kMaxUuidPlaceholders; ++i) {
                        o.request.body += kUuidPlaceholder;
                      }
                    },
                    "too_many_placeholders", "4097"},
        InvalidCase{"ZeroTimeout",
                    [](LoadOptions& o) { o.request_timeout = std::chrono::nanoseconds(0); },
                    "bad_timeout", "> 0"},
        InvalidCase{"NegativeSpin", [](LoadOptions& o) { o.spin = std::chrono::nanoseconds(-1); },
                    "bad_spin", ">= 0 and <= 10ms"},
        InvalidCase{"SpinPastTheCap",
                    [](LoadOptions& o) { o.spin = kMaxSpin + std::chrono::nanoseconds(1); },
                    "bad_spin", "(0 = off)"},
        InvalidCase{"NegativeLatencyMark",
                    [](LoadOptions& o) { o.latency_mark = std::chrono::nanoseconds(-1); },
                    "bad_latency_mark", ">= 0"},
        InvalidCase{"OkStatusOutOfRange",
                    [](LoadOptions& o) {
                      o.ok_statuses = {200, 700};
                    },
                    "bad_ok_statuses", "700"},
        InvalidCase{"MissingCaFile", [](LoadOptions& o) { o.tls.ca_file = "/nonexistent/ca.pem"; },
                    "unreadable_file", "/nonexistent/ca.pem"},
        InvalidCase{"ZeroRate", [](LoadOptions& o) { o.schedule.rps = 0; }, "no_arrivals",
                    "no request"}),
    [](const testing::TestParamInfo<InvalidCase>& param_info) { return param_info.param.name; });

TEST(LoadOptionsTest, AcceptsTheBoundsThemselves) {
  LoadOptions options;
  options.concurrency = limits::kMaxConcurrency;
  options.request.body.assign(kMaxBodyBytes, 'x');
  options.spin = kMaxSpin;
  EXPECT_TRUE(options.Validate().ok()) << options.Validate().error().message;
}

TEST(LoadOptionsTest, JwtErrorsNeverEchoTheToken) {
  LoadOptions options;
  options.request.jwt = "secret token";
  const Status status = options.Validate();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, "bad_jwt");
  EXPECT_EQ(status.error().message.find("secret"), std::string::npos);
}

}  // namespace
}  // namespace slogate::load
