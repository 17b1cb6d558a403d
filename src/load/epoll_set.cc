#include "epoll_set.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace slogate::load {

EpollSet::~EpollSet() {
  if (fd_ >= 0) close(fd_);
}

Status EpollSet::Open() {
  fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (fd_ < 0) {
    return MakeError("epoll_setup", std::string("epoll_create1: ") + std::strerror(errno));
  }
  return Status::Ok();
}

EpollSet::State& EpollSet::StateOf(int socket) {
  const auto index = static_cast<size_t>(socket);
  if (index >= states_.size()) states_.resize(index + 1);
  return states_[index];
}

void EpollSet::Watch(int socket, uint32_t events) {
  State& state = StateOf(socket);
  state.wanted = true;
  Register(socket, state, events);
}

void EpollSet::Own(int socket, uint32_t events, uint32_t slot) {
  State& state = StateOf(socket);
  state.wanted = true;
  state.owner = slot;
  Register(socket, state, events);
}

uint32_t EpollSet::OwnerOf(int socket) const {
  const auto index = static_cast<size_t>(socket);
  return index < states_.size() ? states_[index].owner : kNoOwner;
}

void EpollSet::Register(int socket, State& state, uint32_t events) {
  if (state.registered == events) return;
  epoll_event event{};
  event.events = events;
  event.data.fd = socket;
  // Should our view and epoll's ever differ, the other operation is the right one.
  const int first = state.registered != 0 ? EPOLL_CTL_MOD : EPOLL_CTL_ADD;
  if (epoll_ctl(fd_, first, socket, &event) != 0) {
    const int second = first == EPOLL_CTL_MOD ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    epoll_ctl(fd_, second, socket, &event);
  }
  state.registered = events;
}

void EpollSet::Unwatch(int socket) {
  State& state = StateOf(socket);
  if (state.owner == kNoOwner) state.wanted = false;
}

void EpollSet::Forget(int socket) { StateOf(socket) = State{}; }

bool EpollSet::TakeEvent(int socket) {
  State& state = StateOf(socket);
  if (state.wanted) return true;
  epoll_ctl(fd_, EPOLL_CTL_DEL, socket, nullptr);
  state.registered = 0;
  return false;
}

}  // namespace slogate::load
