#include "fault_json.h"

#include <cmath>

#include "slogate/common/json_fields.h"

namespace slogate::refgw::fault_json {

namespace {

// "[0, 60000]" for the messages; every bound of a fault setting is a whole number.
std::string Range(double min, double max) {
  return "[" + std::to_string(std::llround(min)) + ", " + std::to_string(std::llround(max)) + "]";
}

}  // namespace

Error BadFault(const std::string& where, const std::string& what) {
  return MakeError("bad_fault", "faults: '" + where + "' " + what);
}

Status CheckKeys(const json& object, const std::string& where,
                 std::initializer_list<const char*> allowed) {
  if (!object.is_object()) {
    const std::string what = "must be a JSON object, got " + JsonExcerpt(object);
    if (where.empty()) return MakeError("bad_fault", "faults: the fault set " + what);
    return BadFault(where, what);
  }
  for (const auto& [key, value] : object.items()) {
    bool known = false;
    for (const char* name : allowed) known = known || key == name;
    if (!known)
      return BadFault(where.empty() ? key : where + "." + key, "is not a known fault setting");
  }
  return Status::Ok();
}

Result<double> NumberIn(const json& value, const std::string& where, std::string_view what,
                        double min, double max) {
  // nlohmann keeps integers as integers; get<double>() converts them exactly enough here.
  if (!value.is_number() || !std::isfinite(value.get<double>()) || value.get<double>() < min ||
      value.get<double>() > max) {
    return BadFault(where, "must be " + std::string(what) + " in " + Range(min, max) + ", got " +
                               JsonExcerpt(value));
  }
  return value.get<double>();
}

Result<uint64_t> WholeNumberIn(const json& value, const std::string& where, std::string_view what,
                               uint64_t min, uint64_t max) {
  // A negative integer is is_number_integer() but not unsigned; 2.0 and 1e3 are floats.
  if (!value.is_number_unsigned() || value.get<uint64_t>() < min || value.get<uint64_t>() > max) {
    return BadFault(where, "must be a whole number in [" + std::to_string(min) + ", " +
                               std::to_string(max) + "] (" + std::string(what) + "), got " +
                               JsonExcerpt(value));
  }
  return value.get<uint64_t>();
}

Result<std::chrono::microseconds> LatencyMillis(const json& value, const std::string& where) {
  Result<double> ms = NumberIn(value, where, "a number of milliseconds", 0, kMaxFaultLatencyMs);
  if (!ms.ok()) return ms.error();
  // In range, so the product fits easily in 64 bits.
  return std::chrono::microseconds(std::llround(*ms * 1000.0));
}

Result<uint32_t> Every(const json& value, const std::string& where) {
  Result<uint64_t> every = WholeNumberIn(value, where, "k in 'every k-th'", 1, kMaxFaultEvery);
  if (!every.ok()) return every.error();
  return static_cast<uint32_t>(*every);
}

double ToMillis(std::chrono::microseconds us) { return static_cast<double>(us.count()) / 1000.0; }

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
    Result<double> fraction = NumberIn(object["fraction"], where + ".fraction",
                                       "a probability (the share of requests hit)", 0, 1);
    if (!fraction.ok()) return fraction.error();
    selection.fraction = *fraction;
  } else {
    selection.every = 1;
  }
  if (object.contains("seed")) {
    // Only a fraction draws numbers; a seed anywhere else would be stored and then dropped.
    if (!has_fraction) return BadFault(where + ".seed", "goes with 'fraction' only");
    Result<uint64_t> seed = WholeNumberIn(object["seed"], where + ".seed", "a seed", 0, UINT64_MAX);
    if (!seed.ok()) return seed.error();
    selection.seed = *seed;
  }
  return selection;
}

Result<bool> Flag(const json& value, const std::string& where) {
  if (!value.is_boolean())
    return BadFault(where, "must be true or false, got " + JsonExcerpt(value));
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

}  // namespace slogate::refgw::fault_json
