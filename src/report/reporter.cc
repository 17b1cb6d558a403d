#include "slogate/report/reporter.h"

namespace slogate::report {

Status ReportAll(const ResultsDocument& document, std::span<Reporter* const> reporters) {
  Status first = Status::Ok();
  for (Reporter* reporter : reporters) {
    Status status = reporter->Report(document);
    if (!status.ok() && first.ok()) first = std::move(status);
  }
  return first;
}

}  // namespace slogate::report
