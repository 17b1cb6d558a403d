// The replicator faults and the event_id fault of a fault set (see docs/refgw.md).
#include <cmath>

#include "fault_json.h"

namespace slogate::refgw {
namespace fault_json {

namespace {

Result<store::LagGaugeFault> ParseLagGauge(const json& value) {
  constexpr const char* kWhere = "replicator.lag_gauge";
  store::LagGaugeFault fault;
  if (value == "absent") {
    fault.mode = store::LagGaugeFault::Mode::kAbsent;
  } else if (value == "frozen") {
    fault.mode = store::LagGaugeFault::Mode::kFrozen;
  } else if (value.is_object()) {
    Status keys = CheckKeys(value, kWhere, {"value"});
    if (!keys.ok()) return keys.error();
    if (!value.contains("value")) return BadFault(kWhere, "needs 'value'");
    Result<double> reported = NonNegativeNumber(value["value"], std::string(kWhere) + ".value");
    if (!reported.ok()) return reported.error();
    fault.mode = store::LagGaugeFault::Mode::kFixed;
    fault.value = *reported;
  } else {
    return BadFault(kWhere, "must be \"absent\", \"frozen\" or {\"value\": seconds}");
  }
  return fault;
}

json LagGaugeToJson(const store::LagGaugeFault& fault) {
  switch (fault.mode) {
    case store::LagGaugeFault::Mode::kAbsent:
      return "absent";
    case store::LagGaugeFault::Mode::kFrozen:
      return "frozen";
    case store::LagGaugeFault::Mode::kFixed:
      return json{{"value", fault.value}};
    case store::LagGaugeFault::Mode::kTruthful:
      break;
  }
  return nullptr;
}

Result<std::chrono::milliseconds> Seconds(const json& value, const std::string& where) {
  Result<double> seconds = NonNegativeNumber(value, where);
  if (!seconds.ok()) return seconds.error();
  if (*seconds > kMaxFaultMillis / 1000) {
    return BadFault(where, "must be at most 1e6 s (about 11.6 days)");
  }
  return std::chrono::milliseconds(std::llround(*seconds * 1000.0));
}

}  // namespace

Status ParseReplicator(const json& object, FaultSet& faults) {
  Status keys = CheckKeys(object, "replicator",
                          {"delay_ms", "stall_seconds", "hold_ms", "stop", "lag_gauge", "only"});
  if (!keys.ok()) return keys;
  if (object.contains("delay_ms")) {
    Result<double> ms = NonNegativeMillis(object["delay_ms"], "replicator.delay_ms");
    if (!ms.ok()) return ms.error();
    faults.replicator_delay = Millis(*ms);
  }
  if (object.contains("stall_seconds")) {
    auto stall = Seconds(object["stall_seconds"], "replicator.stall_seconds");
    if (!stall.ok()) return stall.error();
    faults.replicator_stall = *stall;
  }
  if (object.contains("hold_ms")) {
    Result<double> ms = NonNegativeMillis(object["hold_ms"], "replicator.hold_ms");
    if (!ms.ok()) return ms.error();
    faults.replicator_hold = std::chrono::milliseconds(std::llround(*ms));
  }
  if (object.contains("stop")) {
    Result<bool> stop = Flag(object["stop"], "replicator.stop");
    if (!stop.ok()) return stop.error();
    faults.replicator_stop = *stop;
  }
  if (object.contains("lag_gauge")) {
    Result<store::LagGaugeFault> gauge = ParseLagGauge(object["lag_gauge"]);
    if (!gauge.ok()) return gauge.error();
    faults.lag_gauge = *gauge;
  }
  if (object.contains("only")) {
    const json& only = object["only"];
    if (!only.is_number_unsigned() || only.get<uint64_t>() >= store::kMaxReplicators) {
      return BadFault("replicator.only", "must be a replicator index, 0.." +
                                             std::to_string(store::kMaxReplicators - 1));
    }
    faults.replicator_only = static_cast<uint32_t>(only.get<uint64_t>());
  }
  return Status::Ok();
}

json ReplicatorToJson(const FaultSet& faults) {
  json replicator = json::object();
  if (faults.replicator_delay.count() > 0)
    replicator["delay_ms"] = ToMillis(faults.replicator_delay);
  if (faults.replicator_stall.count() > 0) {
    replicator["stall_seconds"] = static_cast<double>(faults.replicator_stall.count()) / 1000.0;
  }
  if (faults.replicator_hold.count() > 0) replicator["hold_ms"] = faults.replicator_hold.count();
  if (faults.replicator_stop) replicator["stop"] = true;
  if (faults.lag_gauge.has_value()) replicator["lag_gauge"] = LagGaugeToJson(*faults.lag_gauge);
  // "only" alone breaks nothing, but it was asked for: show it with the rest.
  if (faults.replicator_only.has_value()) replicator["only"] = *faults.replicator_only;
  if (replicator.empty()) return nullptr;
  return replicator;
}

Result<EventIdFault> ParseEventId(const json& object) {
  Status keys = CheckKeys(object, "event_id", {"mode", "store", "every", "fraction", "seed"});
  if (!keys.ok()) return keys.error();
  EventIdFault fault;
  if (!object.contains("mode") || (object["mode"] != "omit" && object["mode"] != "repeat")) {
    return BadFault("event_id.mode", "must be \"omit\" or \"repeat\"");
  }
  fault.mode = object["mode"] == "omit" ? EventIdFault::Mode::kOmit : EventIdFault::Mode::kRepeat;
  if (object.contains("store")) {
    Result<bool> store = Flag(object["store"], "event_id.store");
    if (!store.ok()) return store.error();
    fault.store = *store;
  }
  Result<Selection> selection = ParseSelection(object, "event_id");
  if (!selection.ok()) return selection.error();
  fault.selection = *selection;
  return fault;
}

json EventIdToJson(const EventIdFault& fault) {
  return SelectionToJson(fault.selection,
                         json{{"mode", fault.mode == EventIdFault::Mode::kOmit ? "omit" : "repeat"},
                              {"store", fault.store}});
}

}  // namespace fault_json

Status CheckFaultsFit(const FaultSet& faults, size_t replicators) {
  if (faults.replicator_only.has_value() && *faults.replicator_only >= replicators) {
    return fault_json::BadFault("replicator.only",
                                "is " + std::to_string(*faults.replicator_only) +
                                    " but the gateway runs " + std::to_string(replicators) +
                                    " replicator(s), numbered from 0 (see --replicators)");
  }
  return Status::Ok();
}

bool ReplicatorFaultsApply(const FaultSet& faults, size_t index) {
  return !faults.replicator_only.has_value() || *faults.replicator_only == index;
}

}  // namespace slogate::refgw
