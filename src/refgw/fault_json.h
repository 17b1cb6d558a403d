// The pieces the fault-set parser is built from, shared by fault_set.cc (request and store
// faults) and fault_set_replicator.cc (replicator and event_id faults). Errors are "bad_fault",
// name the key and, for a number, its range and the value given ("faults: 'latency.fixed_ms'
// must be a number of milliseconds in [0, 60000], got 1e+300").
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "faults.h"

namespace slogate::refgw::fault_json {

using nlohmann::json;

Error BadFault(const std::string& where, const std::string& what);
// `object` is a JSON object whose keys are all in `allowed`.
Status CheckKeys(const json& object, const std::string& where,
                 std::initializer_list<const char*> allowed);
// A finite JSON number in [min, max] (whole-number bounds); `what` is the noun phrase of the
// message, "a number of milliseconds".
Result<double> NumberIn(const json& value, const std::string& where, std::string_view what,
                        double min, double max);
// A JSON integer (no fraction, no exponent) in [min, max]; `what` says what it is, "a seed".
Result<uint64_t> WholeNumberIn(const json& value, const std::string& where, std::string_view what,
                               uint64_t min, uint64_t max);
// A latency or delay in milliseconds, [0, kMaxFaultLatencyMs], to 1 µs.
Result<std::chrono::microseconds> LatencyMillis(const json& value, const std::string& where);
// k of "every k-th": a whole number in [1, kMaxFaultEvery].
Result<uint32_t> Every(const json& value, const std::string& where);
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
