// A small inline-SVG line chart for the HTML report: time (or another scale with its own
// ticks) on x, one unit on y, optional threshold and reference lines and shaded windows. No scripts, no external resources; every text escaped.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace slogate::report {

struct ChartPoint {
  double x = 0;             // seconds since the run's start, or the chart's own x scale
  std::optional<double> y;  // empty: a gap (the line is broken there)
  // What the point's tooltip calls x ("p99.9"); empty: "at +<x> s".
  std::string x_name = {};
};

struct ChartSeries {
  std::string name;
  std::string color;  // CSS color, e.g. "#1f77b4"
  std::vector<ChartPoint> points;
  // SVG stroke-dasharray ("6 3"), empty for a solid line: two series that often coincide
  // (p95 and p99 at a low rate) stay apart by their stroke, not only their color.
  std::string dash = {};
  // A marker per point with its value as a tooltip (see kMaxMarkedPoints); off for a line that
  // is a plan rather than a measurement (the scheduled rate).
  bool marked = true;
};

// A horizontal line at `y`, e.g. the 2 s lag threshold. The axis is scaled to the data: a
// threshold far above it (more than kThresholdReach times the data's top) is not drawn as a
// line that would squash the data against the floor but named in a marker at the top of the
// plot ("p95 threshold 300 ms: above the scale").
struct ChartThreshold {
  double y = 0;
  std::string label;
  // A measured level to read the series against (end-to-end lag from probes), drawn apart from
  // a limit: blue and dotted rather than red and dashed. Being data, it is always on the scale.
  bool reference = false;
};

// A shaded span of x, e.g. a burst window.
struct ChartBand {
  double x_begin = 0;
  double x_end = 0;
  std::string label;
  std::string color;  // CSS fill color
};

// A labelled tick of an x axis that is not evenly spaced numbers (percentiles).
struct ChartTick {
  double x = 0;
  std::string label;
};

struct Chart {
  std::string title;
  std::string y_label;  // unit of the y axis, e.g. "seconds"
  std::vector<ChartSeries> series;
  std::vector<ChartThreshold> thresholds;
  std::vector<ChartBand> bands;
  std::string x_label = "seconds since start";
  std::vector<ChartTick> x_ticks = {};  // empty: evenly spaced numbers from 0
};

inline constexpr double kThresholdReach = 1.5;

// Series with at most this many points get a marker per point whose tooltip reads its value
// ("p95 at +12 s: 3.1 ms"); longer ones only the line, so the page stays small.
inline constexpr size_t kMaxMarkedPoints = 900;

// The chart as one <svg> element of the given size in px. A chart without any point says so
// instead of drawing empty axes. Pure; thread-safe.
std::string RenderSvg(const Chart& chart, int width, int height);

// A "nice" axis step (1, 2 or 5 times a power of ten) giving about `ticks` ticks over `span`.
double NiceStep(double span, int ticks);

}  // namespace slogate::report
