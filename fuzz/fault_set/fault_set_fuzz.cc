// Feeds arbitrary bytes to the fault control plane's parser (the body of PUT /v1/admin/faults
// and GATEWAY_FAULTS), and checks what faults.h promises: an accepted fault set written back
// as JSON parses again to the same JSON, and every rejection is a "bad_fault" naming the key.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "faults.h"
#include "fuzz_check.h"
#include "stored_event_json.h"

using slogate::fuzz::Require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto faults = slogate::refgw::ParseFaultSet(text);
  if (!faults.ok()) {
    Require(!faults.error().code.empty() && !faults.error().message.empty());
    return 0;
  }
  const nlohmann::json written = slogate::refgw::FaultSetToJson(*faults);
  const auto again = slogate::refgw::ParseFaultSet(slogate::refgw::DumpJson(written));
  Require(again.ok() && slogate::refgw::FaultSetToJson(*again) == written);
  // What the gateway checks next, against a gateway with two replicators.
  (void)slogate::refgw::CheckFaultsFit(*faults, 2);
  return 0;
}
