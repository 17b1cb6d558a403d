// A control-plane call to the reference gateway made in the middle of a suite run, once the
// gateway has accepted a given number of messages. Counting messages (not seconds) ties the
// fault to a fixed point of the open-loop schedule, so the self-test cannot flake on timing.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

namespace slogate::selftest {

struct MidRunAction {
  uint64_t after_messages = 0;  // fire once gateway_write_through_attempts_total reaches this
  std::string path;             // POSTed on the gateway's API port
  std::string body;
};

// Watches the gateway's metrics on a background thread and POSTs the action once. Stops (and
// joins) on destruction. fired() tells whether it happened.
class MidRunTrigger {
 public:
  MidRunTrigger(MidRunAction action, std::string api_url, std::string gateway_metrics_url);
  ~MidRunTrigger();
  MidRunTrigger(const MidRunTrigger&) = delete;
  MidRunTrigger& operator=(const MidRunTrigger&) = delete;

  bool fired() const { return fired_.load(); }
  const std::string& error() const { return error_; }

 private:
  void Watch();

  MidRunAction action_;
  std::string api_url_;
  std::string metrics_url_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> fired_{false};
  std::string error_;
  std::thread thread_;
};

}  // namespace slogate::selftest
