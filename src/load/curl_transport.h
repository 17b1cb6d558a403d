// CurlTransport: one libcurl transfer per request through the thread's multi handle (HTTP/1.1
// or HTTP/2), a reusable easy handle per slot. libcurl renders the request and frames the
// response; the slot keeps a copy of a small body with its UUIDs rewritten in place, or
// streams a large one from the shared template with its UUIDs spliced in, and the first
// kKeptResponseBytes of each response.
// Not thread-safe: one per sending thread.
#pragma once

#include <curl/curl.h>

#include <array>
#include <deque>
#include <string>
#include <vector>

#include "curl_multi_loop.h"
#include "transport.h"

namespace slogate::load {

class CurlTransport final : public Transport {
 public:
  CurlTransport(const LoadOptions& options, const PreparedRequest& request);
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  // Opens the multi handle for `max_slots` connections and builds the header list.
  Status Open(size_t max_slots);

  Status AddSlot(size_t slot) override;
  void Send(size_t slot, UuidGenerator& uuids) override;
  void RunDue() override { loop_.RunDueTimers(); }
  Clock::time_point Deadline() const override { return loop_.deadline(); }
  void Wait(Clock::time_point wakeup, std::vector<Completion>& finished) override;
  void Abandon(size_t slot) override;

 private:
  struct Slot {
    size_t number = 0;
    CURL* easy = nullptr;
    std::string body;            // this slot's copy of a small body template (none when streamed)
    std::string fresh_ids;       // a streamed body's UUIDs for this request, 36 characters each
    size_t upload_position = 0;  // next streamed body byte to send
    const PreparedRequest* request = nullptr;  // the shared template
    std::string response;  // at most kKeptResponseBytes kept; capacity kept across requests
    std::array<char, CURL_ERROR_SIZE> error_detail{};  // libcurl's message for a failure
    std::string detail;  // the failure's description handed to the worker
  };

  static size_t OnBody(char* data, size_t size, size_t count, void* slot);
  static size_t OnUpload(char* buffer, size_t size, size_t count, void* slot);
  static int OnUploadSeek(void* slot, curl_off_t offset, int origin);
  Status SetupEasy(Slot& slot);
  void SetupBody(Slot& slot);
  void Reap(std::vector<Completion>& finished);

  const LoadOptions& options_;
  const PreparedRequest& request_;
  CurlMultiLoop loop_;  // declared first: destroyed after the easy handles
  curl_slist* headers_ = nullptr;
  std::deque<Slot> slots_;  // a deque: libcurl keeps pointers to its elements
};

}  // namespace slogate::load
