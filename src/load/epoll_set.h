// EpollSet: the sockets libcurl wants watched, mirrored into one epoll instance with as few
// epoll_ctl calls as possible.
//
// With keep-alive every request makes libcurl watch its connection and then stop watching it
// (CURL_POLL_REMOVE) — two epoll_ctl calls per request if mirrored literally. Instead a socket
// stays registered after Unwatch; only if it reports an event while unwanted is it removed,
// and a socket watched again with the same events costs no call at all. Forget() must be
// called before a socket is closed (the worker's close-socket callback does it).
// Not thread-safe: one per sending thread.
#pragma once

#include <cstdint>
#include <vector>

#include "slogate/common/result.h"

namespace slogate::load {

class EpollSet {
 public:
  EpollSet() = default;
  ~EpollSet();
  EpollSet(const EpollSet&) = delete;
  EpollSet& operator=(const EpollSet&) = delete;

  Status Open();
  int fd() const { return fd_; }

  // libcurl wants `events` (EPOLLIN and/or EPOLLOUT) on `socket`.
  void Watch(int socket, uint32_t events);
  // libcurl stopped watching `socket`; it may close it right after. Ignored for an owned one.
  void Unwatch(int socket);
  // The engine's slot `slot` wants `events` on `socket` (Watch's rules, with an owner).
  void Own(int socket, uint32_t events, uint32_t slot);
  // The slot owning `socket`, or kNoOwner when libcurl's.
  uint32_t OwnerOf(int socket) const;
  static constexpr uint32_t kNoOwner = UINT32_MAX;
  // `socket` is about to be closed (closing removes it from epoll); forget its state so a
  // new socket with the same number starts unregistered.
  void Forget(int socket);
  // For an event epoll reported on `socket`: true when libcurl wants it; an unwanted socket is
  // removed from epoll here so it cannot report again.
  bool TakeEvent(int socket);

 private:
  struct State {
    uint32_t registered = 0;  // events epoll has for the socket; 0 = not registered
    bool wanted = false;
    uint32_t owner = kNoOwner;
  };
  void Register(int socket, State& state, uint32_t events);
  State& StateOf(int socket);

  int fd_ = -1;
  std::vector<State> states_;  // indexed by socket; grows only when a higher fd appears
};

}  // namespace slogate::load
