#include "epoll_set.h"

#include <gtest/gtest.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace slogate::load {
namespace {

// A connected socket pair; the first end is the one watched.
class SocketPair {
 public:
  SocketPair() { socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds_); }
  ~SocketPair() {
    if (fds_[0] >= 0) close(fds_[0]);
    close(fds_[1]);
  }
  int watched() const { return fds_[0]; }
  void MakeReadable() const { ASSERT_EQ(write(fds_[1], "x", 1), 1); }
  void CloseWatched() {
    close(fds_[0]);
    fds_[0] = -1;
  }

 private:
  int fds_[2] = {-1, -1};
};

// The sockets epoll reports right now (no waiting).
std::vector<int> Ready(const EpollSet& set) {
  epoll_event events[8];
  const int count = epoll_wait(set.fd(), events, 8, 0);
  std::vector<int> sockets;
  for (int i = 0; i < count; ++i) sockets.push_back(events[i].data.fd);
  return sockets;
}

TEST(EpollSetTest, WatchedSocketReportsAndIsWanted) {
  EpollSet set;
  ASSERT_TRUE(set.Open().ok());
  SocketPair pair;
  set.Watch(pair.watched(), EPOLLIN);
  EXPECT_TRUE(Ready(set).empty());
  pair.MakeReadable();
  EXPECT_EQ(Ready(set), std::vector<int>{pair.watched()});
  EXPECT_TRUE(set.TakeEvent(pair.watched()));
}

TEST(EpollSetTest, UnwatchedSocketIsRemovedOnItsFirstEvent) {
  EpollSet set;
  ASSERT_TRUE(set.Open().ok());
  SocketPair pair;
  set.Watch(pair.watched(), EPOLLIN);
  set.Unwatch(pair.watched());
  pair.MakeReadable();
  ASSERT_EQ(Ready(set), std::vector<int>{pair.watched()});  // still registered: no call made
  EXPECT_FALSE(set.TakeEvent(pair.watched()));
  EXPECT_TRUE(Ready(set).empty());     // removed now
  set.Watch(pair.watched(), EPOLLIN);  // and can be added back
  EXPECT_EQ(Ready(set), std::vector<int>{pair.watched()});
}

TEST(EpollSetTest, ChangedEventsAreApplied) {
  EpollSet set;
  ASSERT_TRUE(set.Open().ok());
  SocketPair pair;
  set.Watch(pair.watched(), EPOLLIN);
  EXPECT_TRUE(Ready(set).empty());
  set.Watch(pair.watched(), EPOLLOUT);  // a connected socket is writable at once
  EXPECT_EQ(Ready(set), std::vector<int>{pair.watched()});
}

TEST(EpollSetTest, ForgottenNumberIsRegisteredAfresh) {
  EpollSet set;
  ASSERT_TRUE(set.Open().ok());
  auto first = std::make_unique<SocketPair>();
  const int number = first->watched();
  set.Watch(number, EPOLLIN);
  set.Forget(number);
  first->CloseWatched();
  // The next socket usually reuses the number; it must be watched although the old state
  // had the same events.
  SocketPair second;
  if (second.watched() != number) GTEST_SKIP() << "the kernel did not reuse the number";
  set.Watch(second.watched(), EPOLLIN);
  second.MakeReadable();
  EXPECT_EQ(Ready(set), std::vector<int>{second.watched()});
}

TEST(EpollSetTest, AnOwnedSocketNamesItsSlotAndLibcurlsUnwatchLeavesIt) {
  EpollSet set;
  ASSERT_TRUE(set.Open().ok());
  SocketPair pair;
  EXPECT_EQ(set.OwnerOf(pair.watched()), EpollSet::kNoOwner);
  set.Own(pair.watched(), EPOLLIN, 7);
  EXPECT_EQ(set.OwnerOf(pair.watched()), 7u);
  // libcurl letting go of the socket after its connect does not take it from the slot.
  set.Unwatch(pair.watched());
  pair.MakeReadable();
  EXPECT_EQ(Ready(set), std::vector<int>{pair.watched()});
  EXPECT_EQ(set.OwnerOf(pair.watched()), 7u);
  // Closed and forgotten, the number is libcurl's again.
  set.Forget(pair.watched());
  EXPECT_EQ(set.OwnerOf(pair.watched()), EpollSet::kNoOwner);
}

}  // namespace
}  // namespace slogate::load
