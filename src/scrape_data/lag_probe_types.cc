#include "slogate/scrape/lag_probe_types.h"

namespace slogate::scrape {

std::string_view ProbeOutcomeName(ProbeOutcome outcome) {
  switch (outcome) {
    case ProbeOutcome::kReadable:
      return "readable";
    case ProbeOutcome::kNeverReadable:
      return "never_readable";
    case ProbeOutcome::kError:
      return "error";
    case ProbeOutcome::kUnfinished:
      break;
  }
  return "unfinished";
}

}  // namespace slogate::scrape
