#include <cmath>
#include <initializer_list>

#include "fault_json.h"
#include "slogate/common/json_text.h"

namespace slogate::refgw {
namespace {

using fault_json::BadFault;
using fault_json::CheckKeys;
using fault_json::Every;
using fault_json::Flag;
using fault_json::Millis;
using fault_json::NonNegativeMillis;
using fault_json::ParseSelection;
using fault_json::SelectionToJson;
using fault_json::ToMillis;
using nlohmann::json;

Result<LatencyFault> ParseLatency(const json& object) {
  Status keys =
      CheckKeys(object, "latency",
                {"fixed_ms", "uniform_ms", "exponential_mean_ms", "every", "fraction", "seed"});
  if (!keys.ok()) return keys.error();
  LatencyFault fault;
  int shapes = 0;
  if (object.contains("fixed_ms")) {
    Result<double> ms = NonNegativeMillis(object["fixed_ms"], "latency.fixed_ms");
    if (!ms.ok()) return ms.error();
    fault.fixed = Millis(*ms);
    ++shapes;
  }
  if (object.contains("uniform_ms")) {
    const json& range = object["uniform_ms"];
    if (!range.is_array() || range.size() != 2)
      return BadFault("latency.uniform_ms", "must be [min, max]");
    Result<double> low = NonNegativeMillis(range[0], "latency.uniform_ms[0]");
    Result<double> high = NonNegativeMillis(range[1], "latency.uniform_ms[1]");
    if (!low.ok()) return low.error();
    if (!high.ok()) return high.error();
    if (*high < *low) return BadFault("latency.uniform_ms", "must have min <= max");
    fault.distribution = LatencyFault::Distribution::kUniform;
    fault.min = Millis(*low);
    fault.max = Millis(*high);
    ++shapes;
  }
  if (object.contains("exponential_mean_ms")) {
    Result<double> ms =
        NonNegativeMillis(object["exponential_mean_ms"], "latency.exponential_mean_ms");
    if (!ms.ok()) return ms.error();
    fault.distribution = LatencyFault::Distribution::kExponential;
    fault.mean = Millis(*ms);
    ++shapes;
  }
  if (shapes != 1) {
    return BadFault("latency", "needs exactly one of fixed_ms, uniform_ms, exponential_mean_ms");
  }
  Result<Selection> selection = ParseSelection(object, "latency");
  if (!selection.ok()) return selection.error();
  fault.selection = *selection;
  return fault;
}

Result<ErrorFault> ParseError(const json& object) {
  Status keys = CheckKeys(object, "error", {"status", "every", "fraction", "seed"});
  if (!keys.ok()) return keys.error();
  ErrorFault fault;
  if (object.contains("status")) {
    const json& status = object["status"];
    if (!status.is_number_integer() || (status != 401 && status != 403 && status != 429 &&
                                         status != 500 && status != 502 && status != 503)) {
      return BadFault("error.status", "must be one of 401, 403, 429, 500, 502, 503");
    }
    fault.status = status.get<int>();
  }
  Result<Selection> selection = ParseSelection(object, "error");
  if (!selection.ok()) return selection.error();
  fault.selection = *selection;
  return fault;
}

Result<ResultFault> ParseResultFault(const json& object) {
  Status keys = CheckKeys(object, "write_through_result", {"result", "every", "fraction", "seed"});
  if (!keys.ok()) return keys.error();
  ResultFault fault;
  if (object.contains("result")) {
    const json& result = object["result"];
    if (!result.is_string() ||
        (result != "client_error" && result != "server_error" && result != "exception")) {
      return BadFault("write_through_result.result",
                      "must be client_error, server_error or exception");
    }
    fault.result = result.get<std::string>();
  }
  Result<Selection> selection = ParseSelection(object, "write_through_result");
  if (!selection.ok()) return selection.error();
  fault.selection = *selection;
  return fault;
}

// {"every": k} for the store's faults.
Result<uint32_t> ParseStoreEvery(const json& object, const std::string& where) {
  Status keys = CheckKeys(object, where, {"every"});
  if (!keys.ok()) return keys.error();
  if (!object.contains("every")) return BadFault(where, "needs 'every'");
  return Every(object["every"], where + ".every");
}

}  // namespace

Result<FaultSet> ParseFaultSet(std::string_view text) {
  if (JsonNestingDepth(text, kMaxJsonNesting) > kMaxJsonNesting) {
    return MakeError("bad_fault", "faults: JSON nested deeper than " +
                                      std::to_string(kMaxJsonNesting) + " levels");
  }
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return MakeError("bad_fault", "faults: not valid JSON");
  Status keys = CheckKeys(
      root, "",
      {"latency", "error", "write_through_result", "event_id", "wal_fail", "outbox_fail",
       "dlq_poison", "replica_drop", "replicator", "metrics_down", "replicator_metrics_down"});
  if (!keys.ok()) return keys.error();
  FaultSet faults;
  if (root.contains("latency")) {
    Result<LatencyFault> latency = ParseLatency(root["latency"]);
    if (!latency.ok()) return latency.error();
    faults.latency = *latency;
  }
  if (root.contains("error")) {
    Result<ErrorFault> error = ParseError(root["error"]);
    if (!error.ok()) return error.error();
    faults.error = *error;
  }
  if (root.contains("write_through_result")) {
    Result<ResultFault> result = ParseResultFault(root["write_through_result"]);
    if (!result.ok()) return result.error();
    faults.write_through_result = *result;
  }
  if (root.contains("event_id")) {
    Result<EventIdFault> event_id = fault_json::ParseEventId(root["event_id"]);
    if (!event_id.ok()) return event_id.error();
    faults.event_id = *event_id;
  }
  struct StoreFault {
    const char* key;
    uint32_t* every;
  };
  for (StoreFault fault : {StoreFault{"wal_fail", &faults.wal_fail_every},
                           StoreFault{"outbox_fail", &faults.outbox_fail_every},
                           StoreFault{"dlq_poison", &faults.dlq_poison_every},
                           StoreFault{"replica_drop", &faults.replica_drop_every}}) {
    if (!root.contains(fault.key)) continue;
    Result<uint32_t> every = ParseStoreEvery(root[fault.key], fault.key);
    if (!every.ok()) return every.error();
    *fault.every = *every;
  }
  if (root.contains("replicator")) {
    Status replicator = fault_json::ParseReplicator(root["replicator"], faults);
    if (!replicator.ok()) return replicator.error();
  }
  for (auto [key, flag] : {std::pair{"metrics_down", &faults.metrics_down},
                           std::pair{"replicator_metrics_down", &faults.replicator_metrics_down}}) {
    if (!root.contains(key)) continue;
    Result<bool> value = Flag(root[key], key);
    if (!value.ok()) return value.error();
    *flag = *value;
  }
  return faults;
}

json FaultSetToJson(const FaultSet& faults) {
  json root = json::object();
  if (faults.latency.has_value()) {
    const LatencyFault& latency = *faults.latency;
    json shape;
    switch (latency.distribution) {
      case LatencyFault::Distribution::kFixed:
        shape["fixed_ms"] = ToMillis(latency.fixed);
        break;
      case LatencyFault::Distribution::kUniform:
        shape["uniform_ms"] = json::array({ToMillis(latency.min), ToMillis(latency.max)});
        break;
      case LatencyFault::Distribution::kExponential:
        shape["exponential_mean_ms"] = ToMillis(latency.mean);
        break;
    }
    root["latency"] = SelectionToJson(latency.selection, std::move(shape));
  }
  if (faults.error.has_value()) {
    root["error"] =
        SelectionToJson(faults.error->selection, json{{"status", faults.error->status}});
  }
  if (faults.write_through_result.has_value()) {
    root["write_through_result"] =
        SelectionToJson(faults.write_through_result->selection,
                        json{{"result", faults.write_through_result->result}});
  }
  if (faults.wal_fail_every > 0) root["wal_fail"] = json{{"every", faults.wal_fail_every}};
  if (faults.outbox_fail_every > 0) root["outbox_fail"] = json{{"every", faults.outbox_fail_every}};
  if (faults.dlq_poison_every > 0) root["dlq_poison"] = json{{"every", faults.dlq_poison_every}};
  if (faults.replica_drop_every > 0)
    root["replica_drop"] = json{{"every", faults.replica_drop_every}};
  if (faults.event_id.has_value()) root["event_id"] = fault_json::EventIdToJson(*faults.event_id);
  if (json replicator = fault_json::ReplicatorToJson(faults); !replicator.is_null())
    root["replicator"] = std::move(replicator);
  if (faults.metrics_down) root["metrics_down"] = true;
  if (faults.replicator_metrics_down) root["replicator_metrics_down"] = true;
  return root;
}

}  // namespace slogate::refgw
