// Sorts every finished request into OK or exactly one ErrorCategory.
#pragma once

#include <curl/curl.h>

#include <bitset>
#include <optional>
#include <set>

#include "slogate/load/run_result.h"

namespace slogate::load {

// The category of a transfer that failed before a complete response (code != CURLE_OK).
ErrorCategory CategoryOfCurlCode(CURLcode code);

// Which HTTP statuses count as OK. A bitset so the per-response lookup is one load.
class OkStatuses {
 public:
  explicit OkStatuses(const std::set<int>& statuses);
  bool Contains(long status) const {
    return status >= 0 && status < static_cast<long>(kMaxStatus) &&
           bits_[static_cast<size_t>(status)];
  }
  // nullopt when `status` is OK, else its status category.
  std::optional<ErrorCategory> Classify(long status) const;

 private:
  static constexpr size_t kMaxStatus = 1000;
  std::bitset<kMaxStatus> bits_;
};

}  // namespace slogate::load
