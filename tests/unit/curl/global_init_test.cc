#include "slogate/curl/global_init.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace slogate::curl {
namespace {

TEST(EnsureGlobalInitTest, LeavesLibcurlReadyForAnEasyHandle) {
  ASSERT_TRUE(EnsureGlobalInit().ok());
  CURL* handle = curl_easy_init();
  EXPECT_NE(handle, nullptr);
  curl_easy_cleanup(handle);
}

TEST(EnsureGlobalInitTest, ConcurrentCallersAllSeeSuccess) {
  std::vector<int> ok(8, 0);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < ok.size(); ++i) {
    threads.emplace_back([&ok, i] { ok[i] = EnsureGlobalInit().ok() ? 1 : 0; });
  }
  for (std::thread& thread : threads) thread.join();
  for (int each : ok) EXPECT_EQ(each, 1);
}

}  // namespace
}  // namespace slogate::curl
