// The pieces the fault-set parser is built from, shared by fault_set.cc (request and store
// faults) and fault_set_replicator.cc (replicator and event_id faults). Errors are "bad_fault"
// and name the key ("faults: 'error.status' must be ...").
#pragma once

#include <chrono>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>

#include "faults.h"

namespace slogate::refgw::fault_json {

using nlohmann::json;

Error BadFault(const std::string& where, const std::string& what);
// `object` is a JSON object whose keys are all in `allowed`.
Status CheckKeys(const json& object, const std::string& where,
                 std::initializer_list<const char*> allowed);
Result<double> NonNegativeNumber(const json& value, const std::string& where);
// The longest delay a fault may ask for: far beyond any run, and small enough that its
// microseconds fit in an int64 (1e300 ms used to be stored as a negative delay).
inline constexpr double kMaxFaultMillis = 1e9;
// A delay in milliseconds: NonNegativeNumber, at most kMaxFaultMillis.
Result<double> NonNegativeMillis(const json& value, const std::string& where);
// k of "every k-th": a whole number >= 1.
Result<uint32_t> Every(const json& value, const std::string& where);
std::chrono::microseconds Millis(double ms);
double ToMillis(std::chrono::microseconds us);
// "every" or "fraction" (+ "seed"); neither means every request.
Result<Selection> ParseSelection(const json& object, const std::string& where);
Result<bool> Flag(const json& value, const std::string& where);
// `object` with the selection's keys added.
json SelectionToJson(const Selection& selection, json object);

// fault_set_replicator.cc
Status ParseReplicator(const json& object, FaultSet& faults);
// The "replicator" object; null when no replicator fault is set.
json ReplicatorToJson(const FaultSet& faults);
Result<EventIdFault> ParseEventId(const json& object);
json EventIdToJson(const EventIdFault& fault);

}  // namespace slogate::refgw::fault_json
