#include <cmath>

#include "faults.h"

namespace slogate::refgw {

FaultSelector::FaultSelector(const Selection& selection)
    : selection_(selection), generator_(selection.seed) {}

bool FaultSelector::Next() {
  if (selection_.every > 0) {
    uint64_t n = count_.fetch_add(1, std::memory_order_relaxed) + 1;
    return n % selection_.every == 0;
  }
  if (selection_.fraction <= 0) return false;
  if (selection_.fraction >= 1) return true;
  return NextUniform() < selection_.fraction;
}

double FaultSelector::NextUniform() {
  std::lock_guard lock(mutex_);
  // 53 random bits -> [0, 1), independent of the library's distribution implementations so a
  // seed means the same faults with any standard library.
  return static_cast<double>(generator_() >> 11) * 0x1.0p-53;
}

RequestFaults::RequestFaults(const FaultSet& faults) : faults_(faults) {
  if (faults_.latency.has_value()) latency_.emplace(faults_.latency->selection);
  if (faults_.error.has_value()) error_.emplace(faults_.error->selection);
  if (faults_.write_through_result.has_value())
    result_.emplace(faults_.write_through_result->selection);
  if (faults_.event_id.has_value()) event_id_.emplace(faults_.event_id->selection);
}

std::optional<std::chrono::microseconds> RequestFaults::NextLatency() {
  if (!latency_.has_value() || !latency_->Next()) return std::nullopt;
  const LatencyFault& latency = *faults_.latency;
  switch (latency.distribution) {
    case LatencyFault::Distribution::kFixed:
      return latency.fixed;
    case LatencyFault::Distribution::kUniform: {
      double span = static_cast<double>((latency.max - latency.min).count());
      return latency.min + std::chrono::microseconds(std::llround(latency_->NextUniform() * span));
    }
    case LatencyFault::Distribution::kExponential: {
      double u = latency_->NextUniform();
      double mean = static_cast<double>(latency.mean.count());
      return std::chrono::microseconds(std::llround(-std::log1p(-u) * mean));
    }
  }
  return std::nullopt;
}

std::optional<int> RequestFaults::NextErrorStatus() {
  if (!error_.has_value() || !error_->Next()) return std::nullopt;
  return faults_.error->status;
}

std::optional<std::string> RequestFaults::NextWriteThroughResult() {
  if (!result_.has_value() || !result_->Next()) return std::nullopt;
  return faults_.write_through_result->result;
}

const EventIdFault* RequestFaults::NextEventIdFault() {
  if (!event_id_.has_value() || !event_id_->Next()) return nullptr;
  return &*faults_.event_id;
}

}  // namespace slogate::refgw
