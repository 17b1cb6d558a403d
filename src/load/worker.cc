// Worker's event loop: drop stale arrivals, send due ones, wait for the transport's events or
// the next deadline, record completions.
#include "worker.h"

#include <sys/prctl.h>

#include <algorithm>
#include <string>

#include "slogate/common/log.h"
#include "slogate/common/stoppable_wait.h"

namespace slogate::load {
namespace {

// The loop wakes at least this often to notice a stop request and publish progress.
constexpr auto kMaxSleep = std::chrono::milliseconds(50);
// Linux lets a timed wait of a normal thread end up to 50 µs late by default (timer slack, to
// batch wake-ups). For a sender every µs of that is send lateness and, at light load, latency
// measured from the intended time; 1 µs keeps timed waits to the scheduler's own precision.
constexpr unsigned long kTimerSlackNanos = 1000;

// Arrivals sent per turn of the loop before it reads what came back. After a stall (the thread
// descheduled for a few ms) hundreds of arrivals are due at once; sent in one go, they kept a
// thread from reading for 2-13 ms at 136k req/s: the requests already in flight were answered
// but not read, so their service time grew by the sender's own delay, and their slots stayed
// taken until the bench's cap of 1000 was full. 32 sends take about 0.2 ms at that rate. The
// reading half of a turn is bounded the same way (kMaxEvents in curl_multi_loop.cc).
constexpr int kSendsPerTurn = 32;

// Connects started before libcurl runs them (Preconnect): about 6 ms of a thread's time.
constexpr size_t kPreconnectBatch = 64;

}  // namespace

Worker::Worker(const WorkerConfig& config)
    : config_(config),
      cursor_(config.schedule->Cursor(config.first_arrival, config.stride)),
      ok_statuses_(config.options->ok_statuses),
      uuids_(config.seed),
      windows_({}, config.options->latency_mark) {}

Status Worker::Setup() {
  slot_limit_ = static_cast<size_t>(config_.max_in_flight);
  Result<std::unique_ptr<Transport>> transport =
      MakeTransport(*config_.options, *config_.request, slot_limit_);
  if (!transport) return transport.error();
  transport_ = std::move(transport).value();
  // The first slot now, so a URL libcurl refuses is a set-up error rather than a failed send.
  if (Status status = transport_->AddSlot(0); !status) return status;
  slots_.emplace_back();
  in_flight_.push_back(false);
  free_slots_.push_back(0);
  return Status::Ok();
}

std::optional<size_t> Worker::TakeSlot() {
  if (!free_slots_.empty()) {
    const size_t slot = free_slots_.back();
    free_slots_.pop_back();
    return slot;
  }
  if (slots_.size() >= slot_limit_) return std::nullopt;
  const size_t slot = slots_.size();
  if (Status status = transport_->AddSlot(slot); !status) {
    // Out of memory or handles mid-run: keep going with the slots there are.
    log::Warn("load: no more than " + std::to_string(slot) +
              " requests in flight on this thread: " + status.error().message);
    slot_limit_ = slot;
    return std::nullopt;
  }
  slots_.emplace_back();
  in_flight_.push_back(false);
  return slot;
}

Clock::time_point SpinWakeup(Clock::time_point wakeup, Clock::time_point now,
                             Clock::duration spin) {
  if (spin <= Clock::duration::zero()) return wakeup;
  return wakeup - now <= spin ? now : wakeup - spin;
}

size_t Worker::Preconnect(size_t count, Clock::time_point deadline) {
  std::vector<size_t> opened;
  // A thousand connects take a thread 100 ms or more, and libcurl makes them from its timer:
  // started a batch at a time, so that the deadline and a stop are seen between batches.
  while (opened.size() < count && Clock::now() < deadline && !StopOrAbortRequested()) {
    const std::optional<size_t> slot = TakeSlot();
    if (!slot) break;
    if (!transport_->Preconnect(*slot)) {
      free_slots_.push_back(*slot);
      break;
    }
    opened.push_back(*slot);
    if (opened.size() % kPreconnectBatch == 0) transport_->RunDue();
  }
  // Handed back so that the first arrivals take the first connections opened.
  free_slots_.insert(free_slots_.end(), opened.rbegin(), opened.rend());
  const auto connecting = [&] {
    return std::any_of(opened.begin(), opened.end(),
                       [&](size_t slot) { return transport_->Connecting(slot); });
  };
  // libcurl starts the connects from its timer: run it now, then wait as Run does.
  transport_->RunDue();
  while (connecting() && !StopOrAbortRequested()) {
    const Clock::time_point now = Clock::now();
    if (now >= deadline) break;
    transport_->Wait(std::min({deadline, now + kMaxSleep, transport_->Deadline()}), finished_);
  }
  return opened.size();
}

void Worker::Run(Clock::time_point start) {
  // Per thread: Run executes on the worker's own thread.
  prctl(PR_SET_TIMERSLACK, kTimerSlackNanos);
  start_ = start;
  slot_free_since_ = start;
  while (true) {
    const Clock::time_point now = Clock::now();
    if (!stopping_) CheckStopRequests();
    if (!stopping_) {
      DropStale(now);
      SendDue();
      if (cursor_.done()) BeginStop();
      // New libcurl transfers set its timer to "now": start them at once instead of after
      // another trip through epoll.
      transport_->RunDue();
    }
    const auto in_flight = slots_.size() - free_slots_.size();
    if (stopping_ && in_flight == 0) break;
    if (stopping_ && now >= drain_deadline_) {
      AbandonInFlight();
      break;
    }
    transport_->Wait(SpinWakeup(NextWakeup(now), now, config_.options->spin), finished_);
    RecordFinished();
    PublishProgress();
  }
  totals_.per_second = windows_.Finish();
}

// An arrival that has waited longer than the bound for a free slot is dropped, not sent late.
void Worker::DropStale(Clock::time_point now) {
  const auto bound = config_.options->max_queue_wait;
  while (!cursor_.done() && now - (start_ + cursor_.intended()) > bound) {
    // Its wait ran out while the cap was full (no slot then or still none now): the target's
    // slowness, not the generator's.
    const auto ran_out = start_ + cursor_.intended() + bound;
    if (!HasRoom() || slot_free_since_ > ran_out) ++totals_.dropped_at_cap;
    ++totals_.dropped;
    cursor_.Advance();
  }
  config_.live->dropped.store(totals_.dropped, std::memory_order_relaxed);
}

void Worker::SendDue() {
  for (int sent = 0; sent < kSendsPerTurn && HasRoom() && !cursor_.done(); ++sent) {
    const Clock::time_point intended = start_ + cursor_.intended();
    if (intended > Clock::now()) break;
    const std::optional<size_t> slot = TakeSlot();
    if (!slot) break;
    Send(*slot, intended);
    cursor_.Advance();
  }
}

void Worker::Send(size_t slot, Clock::time_point intended) {
  SlotTimes& times = slots_[slot];
  times.intended = intended;
  times.sent = Clock::now();
  in_flight_[slot] = true;
  // Time spent waiting for a slot is the cap's (the target's answers); only the rest is late.
  const Clock::time_point ready = std::max(intended, slot_free_since_);
  if (ready > intended) totals_.slot_wait.Record(ready - intended);
  totals_.send_lateness.Record(times.sent - ready);
  totals_.last_send = times.sent - start_;
  transport_->Send(slot, uuids_);
  ++totals_.sent;
  config_.live->sent.store(totals_.sent, std::memory_order_relaxed);
}

bool Worker::StopOrAbortRequested() const {
  return StopRequested(config_.stop) || StopRequested(config_.abort);
}

void Worker::CheckStopRequests() {
  // A signal's stop wins over an abort seen at the same time: the user asked first-hand.
  if (StopRequested(config_.stop)) {
    totals_.interrupted = !cursor_.done();
  } else if (StopRequested(config_.abort)) {
    totals_.aborted = !cursor_.done();
  } else {
    return;
  }
  BeginStop();
}

void Worker::BeginStop() {
  if (stopping_) return;
  stopping_ = true;
  totals_.not_sent_at_stop = cursor_.SkipRest();
  drain_deadline_ = Clock::now() + config_.options->drain_timeout;
}

Clock::time_point Worker::NextWakeup(Clock::time_point now) const {
  Clock::time_point wakeup = std::min(transport_->Deadline(), now + kMaxSleep);
  if (stopping_) return std::min(wakeup, drain_deadline_);
  if (!cursor_.done()) {
    const Clock::time_point intended = start_ + cursor_.intended();
    // With a free slot the next arrival is due at its intended time; without one, the loop
    // next has to act when the waiting arrival crosses the drop bound.
    wakeup = std::min(wakeup, HasRoom() ? intended : intended + config_.options->max_queue_wait);
  }
  return wakeup;
}

void Worker::RecordFinished() {
  for (const Completion& completion : finished_) {
    Record(completion);
    in_flight_[completion.slot] = false;
    if (!HasRoom()) slot_free_since_ = completion.done;
    free_slots_.push_back(completion.slot);
  }
  finished_.clear();
}

void Worker::Record(const Completion& completion) {
  const Clock::time_point done = completion.done;
  const SlotTimes& times = slots_[completion.slot];
  const auto latency = done - times.intended;
  const auto service_time = done - times.sent;
  std::optional<ErrorCategory> error;
  if (!completion.failure) {
    error = RecordResponse(completion);
  } else {
    error = completion.failure;
    if (config_.first_errors->First(*error)) {
      // The first failure of each kind says why; the counts say how often.
      log::Warn("first " + std::string(ErrorCategoryName(*error)) +
                " error: " + std::string(completion.detail));
    }
  }
  totals_.latency.Record(latency);
  totals_.service_time.Record(service_time);
  ++totals_.completed;
  if (error) {
    ++totals_.errors;
    ++totals_.errors_by_category[static_cast<size_t>(*error)];
    totals_.failed_latency.Record(latency);
    windows_.RecordError(done - start_, latency);
    if (*error == ErrorCategory::kConnect) {
      config_.live->connect_errors.store(
          totals_.errors_by_category[static_cast<size_t>(ErrorCategory::kConnect)],
          std::memory_order_relaxed);
    }
  } else {
    ++totals_.ok;
    totals_.ok_latency.Record(latency);
    totals_.ok_service_time.Record(service_time);
    windows_.RecordOk(done - start_, latency);
    const auto mark = config_.options->latency_mark;
    if (mark > std::chrono::nanoseconds::zero() && latency >= mark) {
      config_.live->ok_slow.store(++ok_slow_, std::memory_order_relaxed);
    }
    config_.live->ok.store(totals_.ok, std::memory_order_relaxed);
  }
  config_.live->completed.store(totals_.completed, std::memory_order_relaxed);
  config_.live->errors.store(totals_.errors, std::memory_order_relaxed);
}

// A response arrived: count its status, and for an OK one, its event_id. Returns its error
// category, none when the status is in the OK set and its event_id (when read) is not too long.
std::optional<ErrorCategory> Worker::RecordResponse(const Completion& completion) {
  const long status = completion.status;
  const bool countable = status >= 0 && static_cast<size_t>(status) < kMaxStatusCode;
  if (countable) ++totals_.status_counts[static_cast<size_t>(status)];
  const std::optional<ErrorCategory> error = ok_statuses_.Classify(status);
  if (error) {
    if (countable) ++totals_.error_status_counts[static_cast<size_t>(status)];
    return error;
  }
  if (!config_.options->capture_event_ids && config_.on_acknowledged == nullptr) return error;
  const EventIdMatch match = FindEventId(completion.body);
  if (match.too_long) {
    // Kept, such ids would let a target grow the run's memory by kilobytes per write; they
    // cannot be a gateway's id either, so the response is counted as failed, by its own name.
    if (config_.first_errors->First(ErrorCategory::kEventIdTooLong)) {
      log::Warn("first event_id_too_long error: an OK response's event_id is longer than " +
                std::to_string(kMaxEventIdBytes) + " bytes; such ids are counted, not kept");
    }
    return ErrorCategory::kEventIdTooLong;
  }
  RecordAcknowledged(match.id);
  return error;
}

// Every OK response is an acknowledged write; with capture on, one without an event_id is
// counted (it cannot be audited). Repeated ids are found when the run ends
// (RemoveRepeatedIds), not here.
void Worker::RecordAcknowledged(std::string_view id) {
  const bool capture = config_.options->capture_event_ids;
  if (id.empty()) {
    if (capture) ++totals_.ok_without_event_id;
    return;
  }
  if (capture) totals_.event_ids.Add(id);
  if (config_.on_acknowledged != nullptr) {
    (*config_.on_acknowledged)(id, std::chrono::system_clock::now());
  }
}

void Worker::PublishProgress() {
  const auto& closed = windows_.closed();
  if (closed.size() == published_windows_) return;
  published_windows_ = closed.size();
  config_.live->last_second_p95_ns.store(closed.back().p95.count(), std::memory_order_relaxed);
}

void Worker::AbandonInFlight() {
  for (size_t slot = 0; slot < slots_.size(); ++slot) {
    if (!in_flight_[slot]) continue;
    transport_->Abandon(slot);
    in_flight_[slot] = false;
    free_slots_.push_back(slot);
    ++totals_.abandoned_in_flight;
  }
}

}  // namespace slogate::load
