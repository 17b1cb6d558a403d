// Shared fixtures for the store's tests: a temporary data directory, event factories and a
// polling wait with a deadline.
#pragma once

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <random>
#include <string>
#include <thread>

#include "refgw/store/frame.h"
#include "refgw/store/store.h"

namespace slogate::testing {

using refgw::store::AppendFrame;
using refgw::store::Event;

// A fresh directory under the system temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::random_device random;
    path_ = std::filesystem::temp_directory_path() /
            ("slogate-store-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline Event MakeEvent(const std::string& event_id, const std::string& session_id = "s-1") {
  Event event;
  event.event_id = event_id;
  event.session_id = session_id;
  event.tenant = "public";
  event.persona_id = "persona-" + event_id;
  event.message = "hello " + event_id;
  event.attachments = {"a.txt", "b.png"};
  event.metadata = {{"tenant", "public"}, {"source", "test"}};
  event.accepted_at = std::chrono::system_clock::now();
  return event;
}

// Polls `done` every few milliseconds until it holds or `timeout` passes.
inline bool WaitFor(const std::function<bool()>& done,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// One WAL frame holding one record.
inline std::string FrameOf(std::string_view record) {
  std::string frame;
  AppendFrame({record}, &frame);
  return frame;
}

}  // namespace slogate::testing
