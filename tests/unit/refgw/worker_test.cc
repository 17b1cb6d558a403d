#include "worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

namespace slogate::refgw {
namespace {

TEST(WorkerTest, RunsPostedTasksInOrder) {
  std::vector<int> order;
  std::promise<void> done;
  {
    Worker worker(std::chrono::hours(1), nullptr);
    worker.Post([&] { order.push_back(1); });
    worker.Post([&] { order.push_back(2); });
    worker.Post([&] { done.set_value(); });
    ASSERT_EQ(done.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  }
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(WorkerTest, TicksPeriodically) {
  std::atomic<int> ticks{0};
  std::promise<void> third;
  Worker worker(std::chrono::milliseconds(1), [&] {
    if (++ticks == 3) third.set_value();
  });
  EXPECT_EQ(third.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
}

TEST(WorkerTest, DestructorRunsTasksAlreadyPosted) {
  std::atomic<int> ran{0};
  {
    Worker worker(std::chrono::hours(1), nullptr);
    for (int i = 0; i < 100; ++i) worker.Post([&] { ++ran; });
  }
  EXPECT_EQ(ran.load(), 100);
}

}  // namespace
}  // namespace slogate::refgw
