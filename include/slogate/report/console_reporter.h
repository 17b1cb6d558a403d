// ConsoleReporter: the compact verdict table printed at the end of a run, made for CI logs.
//
//   SLO                    OUTCOME       MEASURED    THRESHOLD  MESSAGE
//   ErrorRate              PASS          0.12%       0.5%       ...
//
// Fixed-width columns; ANSI color only when asked for (see ShouldUseColor).
#pragma once

#include <ostream>

#include "slogate/report/reporter.h"

namespace slogate::report {

struct ConsoleOptions {
  bool color = false;  // color the outcome column (for a terminal)
};

class ConsoleReporter : public Reporter {
 public:
  // `out` must outlive the reporter.
  explicit ConsoleReporter(std::ostream& out, ConsoleOptions options = {});
  Status Report(const ResultsDocument& document) override;

 private:
  std::ostream& out_;
  ConsoleOptions options_;
};

// True when `fd` is a terminal and NO_COLOR is not set (https://no-color.org convention).
bool ShouldUseColor(int fd);

}  // namespace slogate::report
