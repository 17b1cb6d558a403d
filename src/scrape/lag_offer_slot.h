// OfferSlot: where the load's sending threads hand the lag prober an acknowledged write.
// Private to src/scrape (lag_prober.cc); split from it to keep that file to one concern.
#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "slogate/scrape/scrape_types.h"

namespace slogate::scrape::lag_prober_detail {

// Event ids longer than this are not probed (and counted): Offer copies an id into a buffer
// reserved once, so a sending thread never allocates.
constexpr std::size_t kMaxIdBytes = 128;

// Where the sending threads hand the prober a write. Each tick arms the slot; the first
// acknowledged write after that fills it and wakes the prober, which sends the first read-back
// at once. (Taking the newest write at the tick instead would start each probe up to one load
// interval after its acknowledgement, and that wait would count as lag: 86 ms median against
// a gateway that replicates in a few.)
class OfferSlot {
 public:
  explicit OfferSlot(CURLM* wake) : wake_(wake) { id_.reserve(kMaxIdBytes); }

  void Offer(std::string_view event_id, WallTime acked_at) {
    {
      std::lock_guard lock(mutex_);
      if (closed_) return;
      ++offered_;
      if (event_id.size() > kMaxIdBytes) {
        ++too_long_;
        return;
      }
      if (!armed_) return;
      id_.assign(event_id);  // within the reserved capacity: no allocation
      acked_at_ = acked_at;
      armed_ = false;
      filled_ = true;
    }
    curl_multi_wakeup(wake_);  // at most once per tick
  }

  // Takes the next acknowledged write (armed at construction, so a write offered before the
  // prober starts is taken). No effect while a filled write waits to be taken.
  void Arm() {
    std::lock_guard lock(mutex_);
    if (!filled_) armed_ = true;
  }

  // The write that filled the slot since the last Take, if any.
  bool Take(std::string& event_id, WallTime& acked_at) {
    std::lock_guard lock(mutex_);
    if (!filled_) return false;
    event_id = id_;
    acked_at = acked_at_;
    filled_ = false;
    return true;
  }

  // Takes no more writes; returns (offered, too long).
  std::pair<std::uint64_t, std::uint64_t> Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    return {offered_, too_long_};
  }

 private:
  CURLM* const wake_;
  std::mutex mutex_;
  std::string id_;
  WallTime acked_at_;
  bool armed_ = true;
  bool filled_ = false;
  bool closed_ = false;
  std::uint64_t offered_ = 0;
  std::uint64_t too_long_ = 0;
};

}  // namespace slogate::scrape::lag_prober_detail
