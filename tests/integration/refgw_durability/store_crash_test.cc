// kill -9 at the store level: a child process appends continuously and reports each event_id
// only after its completion ran (i.e. once it is acknowledged); the parent kills it mid-stream,
// reopens the store on the same directory and requires every acknowledged id in the replica.
#include <gtest/gtest.h>
#include <prometheus/registry.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "../../unit/refgw_store/test_support.h"
#include "crash_support.h"
#include "refgw/store/frame.h"
#include "refgw/store/log_files.h"
#include "refgw/store/store.h"

namespace slogate::refgw::store {
namespace {

using ::slogate::testing::AckReader;

constexpr int kRounds = 5;
constexpr int kAppenderThreads = 4;
constexpr int kMaxAppendsPerThread = 50000;  // bounds the child even if never killed

// The child: never returns. Each thread appends until the process is killed (or the bound).
[[noreturn]] void RunAppender(const std::filesystem::path& dir, int round, int ack_fd) {
  prometheus::Registry registry;
  StoreOptions options;
  options.data_dir = dir;
  options.group_commit_window = std::chrono::microseconds(round % 2 == 0 ? 0 : 200);
  options.max_segment_bytes = 256 * 1024;  // rotations and deletions happen under the kill too
  auto store = Store::Open(options, registry);
  if (!store.ok()) _exit(3);
  // Odd rounds also exercise the outbox under the crash.
  if (round % 2 == 1) (*store)->faults().wal_fail_every_k = 5;
  std::vector<std::thread> threads;
  for (int t = 0; t < kAppenderThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kMaxAppendsPerThread; ++i) {
        Event event;
        event.event_id = "r" + std::to_string(round) + "-t" + std::to_string(t) + "-" +
                         std::to_string(i);
        event.session_id = "crash-session";
        event.message = std::string(100 + (i % 400), 'm');
        event.accepted_at = std::chrono::system_clock::now();
        if ((*store)->Append(event) == WriteOutcome::kFailed) continue;
        // Acknowledged: only now may the id leave the process. One write() of a short line
        // to a pipe is atomic.
        const std::string line = event.event_id + "\n";
        if (::write(ack_fd, line.data(), line.size()) < 0) _exit(4);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  _exit(0);
}

// kill -9 only sometimes lands inside a write() (the kernel stops a large write at a page
// boundary), so a torn tail (what a power cut or a crash inside write() leaves) is also added
// by hand: half of a frame at the end. Returns the segment and its size before the tear.
std::pair<std::filesystem::path, uint64_t> TearLastWalSegment(const std::filesystem::path& dir) {
  const auto segments = ListSegments(dir, "wal");
  const std::filesystem::path last = SegmentPath(dir, "wal", segments->back());
  const uint64_t size = std::filesystem::file_size(last);
  std::string frame;
  AppendFrame({"an unacknowledged record cut by the crash"}, &frame);
  std::ofstream(last, std::ios::binary | std::ios::app) << frame.substr(0, frame.size() / 2);
  return {last, size};
}

TEST(StoreCrashTest, NoAcknowledgedEventIsLostToKillNine) {
  testing::TempDir dir;
  std::set<std::string> acknowledged;
  for (int round = 0; round < kRounds; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(fds[0]);
      RunAppender(dir.path(), round, fds[1]);
    }
    ::close(fds[1]);
    AckReader acks(fds[0]);
    // Kill at a different point each round, while appends are in full flight.
    const size_t kill_after = 300 + static_cast<size_t>(round) * 250;
    const size_t seen = acks.ReadUntil(kill_after, std::chrono::seconds(30));
    ASSERT_EQ(::kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the appender ended before the kill (status " << status
                                     << ", " << seen << " acks)";
    acks.ReadToEnd();
    const std::vector<std::string> round_ids = acks.ids();
    ASSERT_GE(round_ids.size(), kill_after);
    acknowledged.insert(round_ids.begin(), round_ids.end());
    // Later rounds also find a torn tail, and must keep appending after cutting it off.
    std::optional<std::pair<std::filesystem::path, uint64_t>> tear;
    if (round >= 2) tear = TearLastWalSegment(dir.path());

    prometheus::Registry registry;
    auto store = Store::Open({.data_dir = dir.path()}, registry);
    ASSERT_TRUE(store.ok()) << "round " << round << ": " << store.error().message;
    if (tear) {
      // At most the size before the added tear: less when the kill itself had cut a frame
      // short, which recovery removes as well (it was never acknowledged).
      EXPECT_LE(std::filesystem::file_size(tear->first), tear->second)
          << "recovery must cut the torn tail off";
    }
    std::vector<std::string> missing;
    const bool all_found = testing::WaitFor(
        [&] {
          missing.clear();
          for (const std::string& id : acknowledged) {
            if (!(*store)->Find(id).has_value()) missing.push_back(id);
          }
          return missing.empty();
        },
        std::chrono::seconds(30));
    EXPECT_TRUE(all_found) << "round " << round << ": " << missing.size() << " of "
                           << acknowledged.size() << " acknowledged events missing, first "
                           << (missing.empty() ? "" : missing.front());
    if (!all_found) return;
  }
}

}  // namespace
}  // namespace slogate::refgw::store
