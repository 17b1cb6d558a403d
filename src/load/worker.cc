// Worker's event loop: drop stale arrivals, send due ones, wait for sockets or the next
// deadline, record completions.
#include "worker.h"

#include <sys/epoll.h>
#include <sys/prctl.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <string>

#include "slogate/common/log.h"

namespace slogate::load {
namespace {

// The loop wakes at least this often to notice a stop request and publish progress.
constexpr auto kMaxSleep = std::chrono::milliseconds(50);
// Socket events handled per wait. Due arrivals are sent only between batches, so a batch's
// libcurl work (~10-20 µs an event) is send lateness for them: 32 bounds it near half a
// millisecond. With 256, one thread's lateness p99 passed 1 ms from 37k req/s; with 32 it
// stayed under 0.6 ms at rates up to 52k over three runs, with no loss of saturated throughput
// (bench/load/run.sh on the 2-core development machine).
constexpr int kMaxEvents = 32;
// Linux lets a timed wait of a normal thread end up to 50 µs late by default (timer slack, to
// batch wake-ups). For a sender every µs of that is send lateness and, at light load, latency
// measured from the intended time; 1 µs keeps timed waits to the scheduler's own precision.
constexpr unsigned long kTimerSlackNanos = 1000;

int CurlEventFlags(uint32_t events) {
  int flags = 0;
  if (events & EPOLLIN) flags |= CURL_CSELECT_IN;
  if (events & EPOLLOUT) flags |= CURL_CSELECT_OUT;
  if (events & (EPOLLERR | EPOLLHUP)) flags |= CURL_CSELECT_ERR;
  return flags;
}

}  // namespace

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
      // New transfers set libcurl's timer to "now": start them at once instead of after
      // another trip through epoll.
      if (Clock::now() >= curl_deadline_) RunCurlTimers();
    }
    const auto in_flight = slots_.size() - free_slots_.size();
    if (stopping_ && in_flight == 0) break;
    if (stopping_ && now >= drain_deadline_) {
      AbandonInFlight();
      break;
    }
    WaitAndDispatch(NextWakeup(now));
    ReapCompletions();
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
  while (HasRoom() && !cursor_.done()) {
    const Clock::time_point intended = start_ + cursor_.intended();
    if (intended > Clock::now()) break;
    Slot* slot = TakeSlot();
    if (slot == nullptr) break;
    Send(*slot, intended);
    cursor_.Advance();
  }
}

void Worker::Send(Slot& slot, Clock::time_point intended) {
  if (StreamsBody(*config_.request)) {
    for (size_t at = 0; at < slot.fresh_ids.size(); at += static_cast<size_t>(kUuidTextLength)) {
      uuids_.Write(slot.fresh_ids.data() + at);
    }
    slot.upload_position = 0;
  } else {
    for (size_t offset : config_.request->uuid_offsets) uuids_.Write(slot.body.data() + offset);
  }
  slot.response.clear();
  slot.intended = intended;
  slot.sent = Clock::now();
  // Time spent waiting for a slot is the cap's (the target's answers); only the rest is late.
  const Clock::time_point ready = std::max(intended, slot_free_since_);
  if (ready > intended) totals_.slot_wait.Record(ready - intended);
  totals_.send_lateness.Record(slot.sent - ready);
  totals_.last_send = slot.sent - start_;
  // libcurl only schedules the transfer here (its timer fires at once); the request goes out
  // on the next socket action, a few microseconds later.
  curl_multi_add_handle(multi_, slot.easy);
  ++totals_.sent;
  config_.live->sent.store(totals_.sent, std::memory_order_relaxed);
}

void Worker::CheckStopRequests() {
  const auto is_set = [](const std::atomic<bool>* flag) {
    return flag != nullptr && flag->load(std::memory_order_relaxed);
  };
  // A signal's stop wins over an abort seen at the same time: the user asked first-hand.
  if (is_set(config_.stop)) {
    totals_.interrupted = !cursor_.done();
  } else if (is_set(config_.abort)) {
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
  Clock::time_point wakeup = std::min(curl_deadline_, now + kMaxSleep);
  if (stopping_) return std::min(wakeup, drain_deadline_);
  if (!cursor_.done()) {
    const Clock::time_point intended = start_ + cursor_.intended();
    // With a free slot the next arrival is due at its intended time; without one, the loop
    // next has to act when the waiting arrival crosses the drop bound.
    wakeup = std::min(wakeup, HasRoom() ? intended : intended + config_.options->max_queue_wait);
  }
  return wakeup;
}

void Worker::WaitAndDispatch(Clock::time_point wakeup) {
  const auto wait = std::max(Clock::duration::zero(), wakeup - Clock::now());
  const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(wait).count();
  timespec timeout{static_cast<time_t>(nanos / 1000000000), static_cast<long>(nanos % 1000000000)};
  epoll_event events[kMaxEvents];
  int ready = epoll_pwait2(epoll_.fd(), events, kMaxEvents, &timeout, nullptr);
  if (ready < 0 && errno == ENOSYS) {
    // Kernels before 5.11: millisecond timeouts, rounded up so we never spin early.
    const int millis = static_cast<int>((nanos + 999999) / 1000000);
    ready = epoll_wait(epoll_.fd(), events, kMaxEvents, millis);
  }
  int running = 0;
  for (int i = 0; i < ready; ++i) {
    const int socket = events[i].data.fd;
    if (!epoll_.TakeEvent(socket)) continue;
    curl_multi_socket_action(multi_, socket, CurlEventFlags(events[i].events), &running);
  }
  if (Clock::now() >= curl_deadline_) RunCurlTimers();
}

void Worker::RunCurlTimers() {
  // The timer callback may set a new deadline during the action, so clear it first.
  curl_deadline_ = Clock::time_point::max();
  int running = 0;
  curl_multi_socket_action(multi_, CURL_SOCKET_TIMEOUT, 0, &running);
}

void Worker::ReapCompletions() {
  int left = 0;
  while (CURLMsg* message = curl_multi_info_read(multi_, &left)) {
    if (message->msg != CURLMSG_DONE) continue;
    CURL* easy = message->easy_handle;
    const CURLcode code = message->data.result;
    Slot* slot = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &slot);
    const Clock::time_point done = Clock::now();
    // Read the status before removing the handle; the message is invalid after removal.
    Record(*slot, code, done);
    curl_multi_remove_handle(multi_, easy);
    if (!HasRoom()) slot_free_since_ = done;
    free_slots_.push_back(slot);
  }
}

void Worker::Record(Slot& slot, CURLcode code, Clock::time_point done) {
  const auto latency = done - slot.intended;
  const auto service_time = done - slot.sent;
  std::optional<ErrorCategory> error;
  if (code == CURLE_OK) {
    error = RecordResponse(slot);
  } else {
    error = CategoryOfCurlCode(code);
    if (totals_.errors_by_category[static_cast<size_t>(*error)] == 0) {
      // The first failure of each kind says why; the counts say how often.
      log::Warn("first " + std::string(ErrorCategoryName(*error)) +
                " error: " + curl_easy_strerror(code) + " (" + slot.error_detail.data() + ")");
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
std::optional<ErrorCategory> Worker::RecordResponse(const Slot& slot) {
  long status = 0;
  curl_easy_getinfo(slot.easy, CURLINFO_RESPONSE_CODE, &status);
  const bool countable = status >= 0 && static_cast<size_t>(status) < kMaxStatusCode;
  if (countable) ++totals_.status_counts[static_cast<size_t>(status)];
  const std::optional<ErrorCategory> error = ok_statuses_.Classify(status);
  if (error) {
    if (countable) ++totals_.error_status_counts[static_cast<size_t>(status)];
    return error;
  }
  if (!config_.options->capture_event_ids && config_.on_acknowledged == nullptr) return error;
  const EventIdMatch match = FindEventId(slot.response);
  if (match.too_long) {
    // Kept, such ids would let a target grow the run's memory by kilobytes per write; they
    // cannot be a gateway's id either, so the response is counted as failed, by its own name.
    if (totals_.errors_by_category[static_cast<size_t>(ErrorCategory::kEventIdTooLong)] == 0) {
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
  totals_.abandoned_in_flight = slots_.size() - free_slots_.size();
  for (Slot& slot : slots_) {
    if (std::find(free_slots_.begin(), free_slots_.end(), &slot) != free_slots_.end()) continue;
    curl_multi_remove_handle(multi_, slot.easy);
    free_slots_.push_back(&slot);
  }
}

}  // namespace slogate::load
