// HtmlReporter: one self-contained HTML file (inline CSS and SVG, no scripts, no external
// resources) with the verdict table, key figures, charts (throughput, latency percentiles,
// replication lag with its threshold and burst windows, DLQ depth), scrapes and the redacted
// configuration. Every string from the document is escaped.
#pragma once

#include <ostream>

#include "slogate/report/reporter.h"

namespace slogate::report {

class HtmlReporter : public Reporter {
 public:
  // `out` must outlive the reporter.
  explicit HtmlReporter(std::ostream& out);
  Status Report(const ResultsDocument& document) override;

 private:
  std::ostream& out_;
};

}  // namespace slogate::report
