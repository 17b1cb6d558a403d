#include <cmath>
#include <initializer_list>

#include "faults.h"

namespace slogate::refgw {
namespace {

using nlohmann::json;

Error BadFault(const std::string& where, const std::string& what) {
  return MakeError("bad_fault", "faults: '" + where + "' " + what);
}

Status CheckKeys(const json& object, const std::string& where,
                 std::initializer_list<const char*> allowed) {
  if (!object.is_object()) return BadFault(where, "must be a JSON object");
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (const char* name : allowed) known = known || key == name;
    if (!known)
      return BadFault(where.empty() ? key : where + "." + key, "is not a known fault setting");
  }
  return Status::Ok();
}

Result<double> NonNegativeNumber(const json& value, const std::string& where) {
  if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < 0) {
    return BadFault(where, "must be a non-negative number");
  }
  return value.get<double>();
}

Result<uint32_t> Every(const json& value, const std::string& where) {
  if (!value.is_number_unsigned() || value.get<uint64_t>() == 0 ||
      value.get<uint64_t>() > UINT32_MAX) {
    return BadFault(where, "must be a whole number >= 1 (k in 'every k-th')");
  }
  return static_cast<uint32_t>(value.get<uint64_t>());
}

std::chrono::microseconds Millis(double ms) {
  return std::chrono::microseconds(static_cast<int64_t>(std::llround(ms * 1000.0)));
}

double ToMillis(std::chrono::microseconds us) { return static_cast<double>(us.count()) / 1000.0; }

// "every" or "fraction" (+ "seed"); neither means every request.
Result<Selection> ParseSelection(const json& object, const std::string& where) {
  Selection selection;
  bool has_every = object.contains("every");
  bool has_fraction = object.contains("fraction");
  if (has_every && has_fraction) return BadFault(where, "takes 'every' or 'fraction', not both");
  if (has_every) {
    Result<uint32_t> every = Every(object["every"], where + ".every");
    if (!every.ok()) return every.error();
    selection.every = *every;
  } else if (has_fraction) {
    Result<double> fraction = NonNegativeNumber(object["fraction"], where + ".fraction");
    if (!fraction.ok()) return fraction.error();
    if (*fraction > 1) return BadFault(where + ".fraction", "must be between 0 and 1");
    selection.fraction = *fraction;
  } else {
    selection.every = 1;
  }
  if (object.contains("seed")) {
    if (!object["seed"].is_number_unsigned())
      return BadFault(where + ".seed", "must be a whole number");
    selection.seed = object["seed"].get<uint64_t>();
  }
  return selection;
}

Result<LatencyFault> ParseLatency(const json& object) {
  Status keys =
      CheckKeys(object, "latency",
                {"fixed_ms", "uniform_ms", "exponential_mean_ms", "every", "fraction", "seed"});
  if (!keys.ok()) return keys.error();
  LatencyFault fault;
  int shapes = 0;
  if (object.contains("fixed_ms")) {
    Result<double> ms = NonNegativeNumber(object["fixed_ms"], "latency.fixed_ms");
    if (!ms.ok()) return ms.error();
    fault.fixed = Millis(*ms);
    ++shapes;
  }
  if (object.contains("uniform_ms")) {
    const json& range = object["uniform_ms"];
    if (!range.is_array() || range.size() != 2)
      return BadFault("latency.uniform_ms", "must be [min, max]");
    Result<double> low = NonNegativeNumber(range[0], "latency.uniform_ms[0]");
    Result<double> high = NonNegativeNumber(range[1], "latency.uniform_ms[1]");
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
        NonNegativeNumber(object["exponential_mean_ms"], "latency.exponential_mean_ms");
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
    if (!status.is_number_integer() ||
        (status != 429 && status != 500 && status != 502 && status != 503)) {
      return BadFault("error.status", "must be one of 429, 500, 502, 503");
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

Status ParseReplicator(const json& object, FaultSet& faults) {
  Status keys = CheckKeys(object, "replicator", {"delay_ms", "stall_seconds"});
  if (!keys.ok()) return keys;
  if (object.contains("delay_ms")) {
    Result<double> ms = NonNegativeNumber(object["delay_ms"], "replicator.delay_ms");
    if (!ms.ok()) return ms.error();
    faults.replicator_delay = Millis(*ms);
  }
  if (object.contains("stall_seconds")) {
    Result<double> seconds = NonNegativeNumber(object["stall_seconds"], "replicator.stall_seconds");
    if (!seconds.ok()) return seconds.error();
    faults.replicator_stall = std::chrono::milliseconds(std::llround(*seconds * 1000.0));
  }
  return Status::Ok();
}

Result<bool> Flag(const json& value, const std::string& where) {
  if (!value.is_boolean()) return BadFault(where, "must be true or false");
  return value.get<bool>();
}

json SelectionToJson(const Selection& selection, json object) {
  if (selection.every > 0) {
    object["every"] = selection.every;
  } else {
    object["fraction"] = selection.fraction;
    object["seed"] = selection.seed;
  }
  return object;
}

}  // namespace

Result<FaultSet> ParseFaultSet(std::string_view text) {
  json root = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return MakeError("bad_fault", "faults: not valid JSON");
  Status keys = CheckKeys(
      root, "",
      {"latency", "error", "write_through_result", "wal_fail", "outbox_fail", "dlq_poison",
       "replica_drop", "replicator", "metrics_down", "replicator_metrics_down"});
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
    Status replicator = ParseReplicator(root["replicator"], faults);
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
  if (faults.replicator_delay.count() > 0 || faults.replicator_stall.count() > 0) {
    json replicator = json::object();
    if (faults.replicator_delay.count() > 0)
      replicator["delay_ms"] = ToMillis(faults.replicator_delay);
    if (faults.replicator_stall.count() > 0) {
      replicator["stall_seconds"] = static_cast<double>(faults.replicator_stall.count()) / 1000.0;
    }
    root["replicator"] = std::move(replicator);
  }
  if (faults.metrics_down) root["metrics_down"] = true;
  if (faults.replicator_metrics_down) root["replicator_metrics_down"] = true;
  return root;
}

}  // namespace slogate::refgw
