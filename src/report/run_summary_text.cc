#include "slogate/report/run_summary_text.h"

#include <chrono>
#include <cstdio>
#include <sstream>

#include "format.h"
#include "slogate/report/run_lines.h"

namespace slogate::report {
namespace {

// "99.99%" and "50%": as many decimals as the quantile has.
std::string QuantileLabel(double q) {
  char text[16];
  std::snprintf(text, sizeof(text), "%g%%", q * 100);
  return text;
}

std::string RateText(double rps) { return FormatSignificant(rps, 4) + "/s"; }

std::string Percent(double ratio) { return FormatSignificant(ratio * 100, 3) + "%"; }

// One line of the spectrum: the label right-aligned, then the two columns.
void SpectrumRow(std::ostringstream& out, const std::string& label, const std::string& corrected,
                 const std::string& service) {
  char line[96];
  std::snprintf(line, sizeof(line), "%10s  %11s  %11s\n", label.c_str(), corrected.c_str(),
                service.c_str());
  out << line;
}

}  // namespace

std::string RunSummaryText(const load::RunResult& run) {
  using Seconds = std::chrono::duration<double>;
  std::ostringstream out;
  out << "target  " << run.target_url << run.path << "  " << run.schedule << " "
      << RateText(run.target_rps) << " for " << FormatSignificant(Seconds(run.duration).count(), 4)
      << " s, at most " << run.concurrency << " in flight"
      << (run.transport.empty() ? "" : ", through " + run.transport) << "\n";
  out << "sent    " << FormatCount(run.sent) << " of " << FormatCount(run.scheduled)
      << " scheduled (" << RateText(run.achieved_rps) << " achieved): ok " << FormatCount(run.ok)
      << ", errors " << FormatCount(run.errors) << " (" << Percent(run.ErrorRate()) << "), dropped "
      << FormatCount(run.dropped);
  if (run.abandoned_in_flight > 0) {
    out << ", " << FormatCount(run.abandoned_in_flight) << " still in flight at the end";
  }
  out << "\n";
  if (run.interrupted) out << "stopped by a signal: the figures cover what was sent\n";
  for (const std::string& line :
       {ErrorCausesLine(run), LatencySplitLine(run), AcknowledgedLine(run)}) {
    if (!line.empty()) out << line << "\n";
  }
  out << "\n";
  SpectrumRow(out, "latency", "corrected", "service");
  for (double q : kSpectrumQuantiles) {
    SpectrumRow(out, QuantileLabel(q), FormatPercentile(run.latency, q),
                FormatPercentile(run.service_time, q));
  }
  const auto max_of = [](const stats::Histogram& histogram) {
    return histogram.count() == 0 ? std::string("-") : FormatLatency(histogram.Max());
  };
  SpectrumRow(out, "max", max_of(run.latency), max_of(run.service_time));
  return out.str();
}

}  // namespace slogate::report
