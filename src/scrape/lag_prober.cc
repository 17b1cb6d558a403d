#include "slogate/scrape/lag_prober.h"

#include <curl/curl.h>

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

#include "curl_easy.h"
#include "lag_offer_slot.h"
#include "read_back.h"
#include "slogate/scrape/audit_types.h"

namespace slogate::scrape {
// Not anonymous: LagProber::Impl holds these types as members.
namespace lag_prober_detail {

using Steady = std::chrono::steady_clock;
using std::chrono::milliseconds;

// The longest the prober's thread sleeps without looking at its clock and its transfers.
constexpr milliseconds kMaxIdleWait{50};

// A probe not settled yet, as the prober's thread tracks it.
struct OpenProbe {
  std::size_t probe = 0;          // index into LagProbeResult::probes
  Steady::time_point give_up_at;  // acknowledgement + max_wait
  Steady::time_point next_ask;
  // The wait before asking again after a 404: it starts at a fraction of poll_interval and
  // doubles up to it, so a write replicated in milliseconds is measured in milliseconds, not
  // in whole poll intervals, and a long lag still costs one read-back per poll_interval.
  Steady::duration retry_after{0};
  bool in_flight = false;
  bool last_failed = false;  // the last read-back answered neither 200 nor 404
};

// The first wait after a 404 (OpenProbe::retry_after): an eighth of the poll interval.
Steady::duration FirstRetry(std::chrono::milliseconds poll_interval) { return poll_interval / 8; }

// One of the prober's libcurl handles and the read-back it carries.
struct Transfer {
  std::unique_ptr<CurlEasy> easy = std::make_unique<CurlEasy>();
  std::string url;
  std::size_t probe = 0;
  Steady::time_point sent;
  WallTime sent_wall;
  bool busy = false;
};

Steady::duration TickInterval(double per_second) {
  const double seconds = per_second > 0 ? 1.0 / per_second : 3600.0;
  return std::max<Steady::duration>(
      std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(seconds)),
      milliseconds(1));
}

}  // namespace lag_prober_detail

class LagProber::Impl {
  using Steady = lag_prober_detail::Steady;
  using OfferSlot = lag_prober_detail::OfferSlot;
  using OpenProbe = lag_prober_detail::OpenProbe;
  using Transfer = lag_prober_detail::Transfer;
  using milliseconds = std::chrono::milliseconds;

 public:
  explicit Impl(LagProbeOptions options)
      : options_(std::move(options)),
        get_(ReadBackGetOptions(options_.request_timeout, options_.bearer_token)),
        multi_(curl_multi_init()),
        slot_(multi_) {
    if (multi_ == nullptr) throw std::runtime_error("curl_multi_init failed");
    transfers_.resize(static_cast<std::size_t>(std::clamp(options_.max_in_flight, 1, 64)));
  }

  ~Impl() {
    Stop(milliseconds(0));
    curl_multi_cleanup(multi_);
  }

  void Start() {
    std::lock_guard lock(stop_mutex_);
    if (thread_.joinable() || stopped_) return;
    if (Status valid = ValidateAuditTemplate(options_.url_template); !valid.ok()) {
      result_.first_error = valid.error().message;
      return;
    }
    thread_ = std::thread([this] { Run(); });
  }

  void Offer(std::string_view event_id, WallTime acked_at) { slot_.Offer(event_id, acked_at); }

  std::vector<LagProbe> KnownLaggingBeyond(std::chrono::nanoseconds bound,
                                           std::size_t limit) const {
    std::vector<LagProbe> lagging;
    std::lock_guard lock(probes_mutex_);
    for (const LagProbe& probe : result_.probes) {
      if (lagging.size() >= limit) break;
      if (probe.LagAtLeast() > bound) lagging.push_back(probe);
    }
    // Probes are taken in acknowledgement order; sorting guards against clocks of threads.
    std::stable_sort(lagging.begin(), lagging.end(),
                     [](const LagProbe& a, const LagProbe& b) { return a.acked_at < b.acked_at; });
    return lagging;
  }

  LagProbeResult Stop(milliseconds wait) {
    std::lock_guard lock(stop_mutex_);
    if (stopped_) return result_;
    std::tie(result_.acks_offered, result_.ids_too_long) = slot_.Close();
    if (thread_.joinable()) {
      {
        std::lock_guard state(state_mutex_);
        stopping_ = true;
        settle_until_ = Steady::now() + std::clamp(wait, milliseconds(0), options_.max_wait);
      }
      curl_multi_wakeup(multi_);
      thread_.join();
    }
    {
      std::lock_guard probes(probes_mutex_);
      std::stable_sort(
          result_.probes.begin(), result_.probes.end(),
          [](const LagProbe& a, const LagProbe& b) { return a.acked_at < b.acked_at; });
    }
    result_.options = options_;
    result_.options.bearer_token.clear();
    stopped_ = true;
    return result_;
  }

 private:
  void Run();
  void Arm();
  void TakeOffered(Steady::time_point now);
  void ExpireAndSend(Steady::time_point now);
  void Send(OpenProbe& open, Transfer& transfer, Steady::time_point now);
  void CollectDone();
  void Settle(Transfer& transfer, Result<HttpResponse> response);
  void End(std::size_t open_index, ProbeOutcome outcome);
  void EndAll();
  Steady::time_point WakeAt(Steady::time_point now, Steady::time_point next_tick, bool stopping,
                            Steady::time_point settle_until) const;

  const LagProbeOptions options_;
  const HttpGetOptions get_;
  CURLM* const multi_;
  OfferSlot slot_;

  std::mutex stop_mutex_;  // Start/Stop
  bool stopped_ = false;
  std::thread thread_;

  std::mutex state_mutex_;  // what Stop tells the thread
  bool stopping_ = false;
  Steady::time_point settle_until_;

  // The thread's own state; result_ is read by Stop only after the join, except
  // result_.probes: the thread changes it under probes_mutex_ so that KnownLaggingBeyond can
  // read it while the load runs (the thread's own reads need no lock).
  mutable std::mutex probes_mutex_;
  LagProbeResult result_;
  std::vector<OpenProbe> open_;
  std::vector<Transfer> transfers_;
  std::size_t in_flight_ = 0;
};

void LagProber::Impl::Run() {
  const Steady::time_point started = Steady::now();
  const Steady::duration tick = lag_prober_detail::TickInterval(options_.per_second);
  // The slot starts armed: a write offered before Start is probed at once.
  TakeOffered(started);
  Steady::time_point next_tick = started + tick;
  while (true) {
    bool stopping = false;
    Steady::time_point settle_until;
    {
      std::lock_guard state(state_mutex_);
      stopping = stopping_;
      settle_until = settle_until_;
    }
    Steady::time_point now = Steady::now();
    if (!stopping) {
      TakeOffered(now);
      if (now >= next_tick) {
        Arm();
        // Fixed schedule; ticks overrun while busy are skipped, not made up.
        next_tick += tick * ((now - next_tick) / tick + 1);
      }
    }
    ExpireAndSend(now);
    int running = 0;
    curl_multi_perform(multi_, &running);
    CollectDone();
    now = Steady::now();
    if (stopping && (open_.empty() || now >= settle_until)) break;
    const auto wait = std::chrono::duration_cast<milliseconds>(
        WakeAt(now, next_tick, stopping, settle_until) - now);
    curl_multi_poll(multi_, nullptr, 0,
                    static_cast<int>(std::max<milliseconds::rep>(wait.count(), 0)), nullptr);
  }
  EndAll();
  result_.active_time = Steady::now() - started;
}

auto LagProber::Impl::WakeAt(Steady::time_point now, Steady::time_point next_tick, bool stopping,
                             Steady::time_point settle_until) const -> Steady::time_point {
  Steady::time_point wake = now + lag_prober_detail::kMaxIdleWait;
  if (!stopping) wake = std::min(wake, next_tick);
  if (stopping) wake = std::min(wake, settle_until);
  for (const OpenProbe& open : open_) {
    if (!open.in_flight) wake = std::min(wake, std::min(open.next_ask, open.give_up_at));
  }
  return wake;
}

void LagProber::Impl::Arm() {
  if (result_.probes.size() >= options_.max_probes) {
    ++result_.over_limit;
    return;
  }
  slot_.Arm();
}

void LagProber::Impl::TakeOffered(Steady::time_point now) {
  std::string event_id;
  WallTime acked_at;
  if (!slot_.Take(event_id, acked_at)) return;
  if (result_.probes.size() >= options_.max_probes) return;  // armed before the limit
  LagProbe probe;
  probe.event_id = std::move(event_id);
  probe.acked_at = acked_at;
  probe.last_absent_at = acked_at;
  {
    std::lock_guard lock(probes_mutex_);
    result_.probes.push_back(std::move(probe));
  }
  // The acknowledgement on the steady clock, so a wall-clock step cannot stretch max_wait.
  const auto since_ack = std::max(std::chrono::system_clock::now() - acked_at,
                                  std::chrono::system_clock::duration::zero());
  const auto acked_steady = now - std::chrono::duration_cast<Steady::duration>(since_ack);
  open_.push_back(OpenProbe{result_.probes.size() - 1, acked_steady + options_.max_wait, now,
                           lag_prober_detail::FirstRetry(options_.poll_interval)});
}

void LagProber::Impl::ExpireAndSend(Steady::time_point now) {
  for (std::size_t i = 0; i < open_.size();) {
    OpenProbe& open = open_[i];
    if (open.in_flight) {
      ++i;
      continue;
    }
    if (now >= open.give_up_at) {
      End(i, open.last_failed ? ProbeOutcome::kError : ProbeOutcome::kNeverReadable);
      continue;  // End moved another probe into slot i
    }
    if (open.next_ask <= now && in_flight_ < transfers_.size()) {
      for (Transfer& transfer : transfers_) {
        if (!transfer.busy) {
          Send(open, transfer, now);
          break;
        }
      }
    }
    ++i;
  }
}

void LagProber::Impl::Send(OpenProbe& open, Transfer& transfer, Steady::time_point now) {
  LagProbe& probe = result_.probes[open.probe];
  transfer.url = ReadBackUrl(*transfer.easy, options_.url_template, probe.event_id);
  transfer.probe = open.probe;
  transfer.easy->Prepare(transfer.url, get_);
  curl_easy_setopt(transfer.easy->handle(), CURLOPT_PRIVATE, &transfer);
  transfer.sent = now;
  transfer.sent_wall = std::chrono::system_clock::now();
  if (curl_multi_add_handle(multi_, transfer.easy->handle()) != CURLM_OK) {
    Settle(transfer,
           MakeError("transport", "GET " + transfer.url + ": libcurl refused the transfer"));
    return;
  }
  transfer.busy = true;
  open.in_flight = true;
  ++in_flight_;
}

void LagProber::Impl::CollectDone() {
  int queued = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
    if (message->msg != CURLMSG_DONE) continue;
    Transfer* transfer = nullptr;
    curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &transfer);
    const CURLcode code = message->data.result;
    curl_multi_remove_handle(multi_, message->easy_handle);  // invalidates `message`
    transfer->busy = false;
    --in_flight_;
    Settle(*transfer, transfer->easy->Finish(code, transfer->url, get_));
  }
}

void LagProber::Impl::Settle(Transfer& transfer, Result<HttpResponse> response) {
  const Steady::time_point now = Steady::now();
  ++result_.requests;
  result_.request_time += now - transfer.sent;
  auto open = std::find_if(open_.begin(), open_.end(),
                           [&](const OpenProbe& o) { return o.probe == transfer.probe; });
  LagProbe& probe = result_.probes[transfer.probe];
  const ReadBack read_back = ReadBackFrom(transfer.url, probe.event_id, response);
  open->in_flight = false;
  open->next_ask = now + open->retry_after;
  open->retry_after = std::min<Steady::duration>(2 * open->retry_after, options_.poll_interval);
  std::unique_lock lock(probes_mutex_);
  ++probe.requests;
  switch (read_back.answer) {
    case ReadBackAnswer::kReadable:
      probe.readable_at = std::chrono::system_clock::now();
      result_.readable_lag.Record(std::max(probe.LagAtMost(), std::chrono::nanoseconds(0)));
      lock.unlock();  // End takes it again
      End(static_cast<std::size_t>(open - open_.begin()), ProbeOutcome::kReadable);
      break;
    case ReadBackAnswer::kAbsent:
      probe.last_absent_at = transfer.sent_wall;
      open->last_failed = false;
      break;
    case ReadBackAnswer::kFailed:
      if (result_.request_errors++ == 0) result_.first_error = read_back.error;
      probe.error = read_back.error;
      open->last_failed = true;
      break;
  }
}

void LagProber::Impl::End(std::size_t open_index, ProbeOutcome outcome) {
  {
    std::lock_guard lock(probes_mutex_);
    result_.probes[open_[open_index].probe].outcome = outcome;
  }
  open_[open_index] = open_.back();
  open_.pop_back();
}

void LagProber::Impl::EndAll() {
  for (Transfer& transfer : transfers_) {
    if (transfer.busy) curl_multi_remove_handle(multi_, transfer.easy->handle());
    transfer.busy = false;
  }
  in_flight_ = 0;
  // A probe whose last read-back failed ends as an error; the others were cut short.
  while (!open_.empty()) {
    End(open_.size() - 1,
        open_.back().last_failed ? ProbeOutcome::kError : ProbeOutcome::kUnfinished);
  }
}

LagProber::LagProber(LagProbeOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
LagProber::~LagProber() = default;
void LagProber::Start() { impl_->Start(); }
void LagProber::Offer(std::string_view event_id, WallTime acked_at) {
  impl_->Offer(event_id, acked_at);
}
LagProbeResult LagProber::Stop(std::chrono::milliseconds wait) { return impl_->Stop(wait); }
std::vector<LagProbe> LagProber::KnownLaggingBeyond(std::chrono::nanoseconds bound,
                                                    std::size_t limit) const {
  return impl_->KnownLaggingBeyond(bound, limit);
}

}  // namespace slogate::scrape
