#include "fault_json.h"

#include <cmath>

namespace slogate::refgw::fault_json {

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

Result<double> NonNegativeMillis(const json& value, const std::string& where) {
  Result<double> ms = NonNegativeNumber(value, where);
  if (ms.ok() && *ms > kMaxFaultMillis) {
    return BadFault(where, "must be at most 1e9 ms (about 11.6 days)");
  }
  return ms;
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

}  // namespace slogate::refgw::fault_json
