#include "svg_chart.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <sstream>
#include <vector>

#include "format.h"
#include "html_escape.h"

namespace slogate::report {
namespace {

// Room around the plot: title and legend rows above, tick labels and axis label below.
constexpr double kLeft = 64, kRight = 20, kTop = 52, kBottom = 40;

// An axis spans at most this much (either way from 0) and at least its inverse: values are
// the data's, and a results file may hold 1e308 or 5e-324, where the step arithmetic below
// would overflow to infinity or underflow to 0.
constexpr double kWidestAxis = 1e300;
// Grid lines and ticks per axis, whatever the steps come to.
constexpr int kMaxTicks = 50;
// Coordinates far off the canvas are all the same to a viewer; bounded, they stay short.
constexpr double kFarOff = 1e6;

// SVG coordinates with one decimal, locale-independent; NaN as 0, far off the canvas clamped.
std::string Coord(double value) {
  value = std::isnan(value) ? 0 : std::clamp(value, -kFarOff, kFarOff);
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value,
                                    std::chars_format::fixed, 1);
  return std::string(buffer.data(), result.ptr);
}

struct Range {
  double low = 0;
  double high = 1;
};

struct Frame {
  double width;
  double height;
  Range x;
  Range y;
  double PlotWidth() const { return width - kLeft - kRight; }
  double PlotHeight() const { return height - kTop - kBottom; }
  double X(double value) const { return kLeft + (value - x.low) / (x.high - x.low) * PlotWidth(); }
  double Y(double value) const {
    return kTop + PlotHeight() - (value - y.low) / (y.high - y.low) * PlotHeight();
  }
};

bool HasPoints(const Chart& chart) {
  return std::any_of(chart.series.begin(), chart.series.end(), [](const ChartSeries& series) {
    return std::any_of(series.points.begin(), series.points.end(),
                       [](const ChartPoint& point) { return point.y.has_value(); });
  });
}

// The data's highest value (0 when every value is 0 or below). Reference levels are data too
// (measured, not limits): a gauge stuck at 0 must not push the probes' 4 s off the scale.
double DataTop(const Chart& chart) {
  double top = 0;
  for (const ChartSeries& series : chart.series) {
    for (const ChartPoint& point : series.points) {
      if (point.y) top = std::max(top, *point.y);
    }
  }
  for (const ChartThreshold& threshold : chart.thresholds) {
    if (threshold.reference) top = std::max(top, threshold.y);
  }
  return top;
}

// Whether a threshold is drawn as a line in the plot, or named above it (see ChartThreshold).
bool OnScale(const ChartThreshold& threshold, double data_top) {
  return threshold.y <= std::max(data_top, 0.0) * kThresholdReach;
}

Frame MakeFrame(const Chart& chart, int width, int height) {
  double x_high = 0;
  for (const ChartSeries& series : chart.series) {
    for (const ChartPoint& point : series.points) x_high = std::max(x_high, point.x);
  }
  for (const ChartBand& band : chart.bands) x_high = std::max(x_high, band.x_end);
  for (const ChartTick& tick : chart.x_ticks) x_high = std::max(x_high, tick.x);
  const double data_top = DataTop(chart);
  double y_high = data_top;
  for (const ChartThreshold& threshold : chart.thresholds) {
    if (OnScale(threshold, data_top)) y_high = std::max(y_high, threshold.y * 1.1);
  }
  // NaN compares false: an axis without a usable top gets 1.
  x_high = x_high > 1 / kWidestAxis ? std::min(x_high, kWidestAxis) : 1;
  y_high = y_high > 1 / kWidestAxis ? std::min(y_high, kWidestAxis) * 1.08 : 1;
  // Round the top of the y axis up to a whole tick so the grid ends on a labelled line.
  const double y_step = NiceStep(y_high, 5);
  y_high = std::ceil(y_high / y_step) * y_step;
  return Frame{static_cast<double>(width), static_cast<double>(height), {0, x_high}, {0, y_high}};
}

void WriteGrid(std::ostream& out, const Frame& frame, const Chart& chart) {
  const double y_step = NiceStep(frame.y.high, 5);
  for (int k = 0; k <= kMaxTicks && k * y_step <= frame.y.high + y_step / 2; ++k) {
    const double y = k * y_step;
    out << "<line class=\"grid\" x1=\"" << Coord(kLeft) << "\" y1=\"" << Coord(frame.Y(y))
        << "\" x2=\"" << Coord(kLeft + frame.PlotWidth()) << "\" y2=\"" << Coord(frame.Y(y))
        << "\"/>\n<text class=\"tick\" x=\"" << Coord(kLeft - 6) << "\" y=\""
        << Coord(frame.Y(y) + 4) << "\" text-anchor=\"end\">" << FormatSignificant(y, 3)
        << "</text>\n";
  }
  std::vector<ChartTick> ticks = chart.x_ticks;
  if (ticks.empty()) {
    const double x_step = NiceStep(frame.x.high, 8);
    for (int k = 0; k <= kMaxTicks && k * x_step <= frame.x.high + x_step / 2; ++k) {
      ticks.push_back({k * x_step, FormatSignificant(k * x_step, 3)});
    }
  }
  for (const ChartTick& tick : ticks) {
    out << "<text class=\"tick\" x=\"" << Coord(frame.X(tick.x)) << "\" y=\""
        << Coord(kTop + frame.PlotHeight() + 16) << "\" text-anchor=\"middle\">"
        << HtmlEscape(tick.label) << "</text>\n";
  }
  out << "<line class=\"axis\" x1=\"" << Coord(kLeft) << "\" y1=\"" << Coord(frame.Y(0))
      << "\" x2=\"" << Coord(kLeft + frame.PlotWidth()) << "\" y2=\"" << Coord(frame.Y(0))
      << "\"/>\n<text class=\"axis-label\" x=\"" << Coord(kLeft + frame.PlotWidth()) << "\" y=\""
      << Coord(frame.height - 6) << "\" text-anchor=\"end\">" << HtmlEscape(chart.x_label) << "</text>\n"
      << "<text class=\"axis-label\" x=\"" << Coord(kLeft) << "\" y=\"" << Coord(kTop - 8) << "\">"
      << HtmlEscape(chart.y_label) << "</text>\n";
}

void WriteBands(std::ostream& out, const Frame& frame, const Chart& chart) {
  for (const ChartBand& band : chart.bands) {
    const double begin = frame.X(std::max(band.x_begin, frame.x.low));
    const double end = frame.X(std::min(band.x_end, frame.x.high));
    out << "<rect class=\"band\" x=\"" << Coord(begin) << "\" y=\"" << Coord(kTop) << "\" width=\""
        << Coord(std::max(end - begin, 1.0)) << "\" height=\"" << Coord(frame.PlotHeight())
        << "\" fill=\"" << HtmlEscape(band.color) << "\"><title>" << HtmlEscape(band.label)
        << "</title></rect>\n";
  }
}

void WriteThresholds(std::ostream& out, const Frame& frame, const Chart& chart) {
  const double data_top = DataTop(chart);
  double marker_y = kTop + 12;
  // Where the labels of each side went: a label that would overprint one already written (two
  // levels close together, p95 and max equal) goes a line lower.
  constexpr double kLabelHeight = 13;
  std::vector<double> label_ys[2];
  for (const ChartThreshold& threshold : chart.thresholds) {
    if (!OnScale(threshold, data_top)) {
      out << "<text class=\"" << (threshold.reference ? "reference" : "threshold")
          << "-label off-scale\" x=\""
          << Coord(kLeft + frame.PlotWidth() - 4) << "\" y=\"" << Coord(marker_y)
          << "\" text-anchor=\"end\">&#9650; " << HtmlEscape(threshold.label)
          << ": above the scale</text>\n";
      marker_y += 14;
      continue;
    }
    const double y = frame.Y(threshold.y);
    const std::string_view kind = threshold.reference ? "reference" : "threshold";
    // A reference line's label sits at the left, so that it and a threshold close by stay
    // readable.
    const double label_x = threshold.reference ? kLeft + 4 : kLeft + frame.PlotWidth() - 4;
    std::vector<double>& taken = label_ys[threshold.reference ? 1 : 0];
    double label_y = y - 5;
    // Two steps of a label's height clear any one label written before, so this many steps
    // clear them all.
    for (size_t step = 0; step <= 2 * taken.size() &&
                          std::any_of(taken.begin(), taken.end(), [label_y](double other) {
                            return std::abs(other - label_y) < kLabelHeight;
                          });
         ++step) {
      label_y += kLabelHeight;
    }
    taken.push_back(label_y);
    out << "<line class=\"" << kind << "\" x1=\"" << Coord(kLeft) << "\" y1=\"" << Coord(y)
        << "\" x2=\"" << Coord(kLeft + frame.PlotWidth()) << "\" y2=\"" << Coord(y)
        << "\"/>\n<text class=\"" << kind << "-label\" x=\"" << Coord(label_x) << "\" y=\""
        << Coord(label_y) << "\" text-anchor=\"" << (threshold.reference ? "start" : "end") << "\">"
        << HtmlEscape(threshold.label) << "</text>\n";
  }
}

// One <path> per series; a point without a value starts a new segment (a visible gap).
void WriteSeries(std::ostream& out, const Frame& frame, const ChartSeries& series) {
  std::string data;
  bool pen_down = false;
  for (const ChartPoint& point : series.points) {
    if (!point.y) {
      pen_down = false;
      continue;
    }
    data += (pen_down ? "L" : "M") + Coord(frame.X(point.x)) + "," + Coord(frame.Y(*point.y)) + " ";
    pen_down = true;
  }
  if (data.empty()) return;
  data.pop_back();
  out << "<path class=\"series\" d=\"" << data << "\" stroke=\"" << HtmlEscape(series.color) << '"';
  if (!series.dash.empty()) out << " stroke-dasharray=\"" << HtmlEscape(series.dash) << '"';
  out << "><title>" << HtmlEscape(series.name) << "</title></path>\n";
}

// A marker per point with its value as a tooltip, for series short enough (kMaxMarkedPoints).
void WriteMarkers(std::ostream& out, const Frame& frame, const Chart& chart,
                  const ChartSeries& series) {
  if (!series.marked || series.points.size() > kMaxMarkedPoints) return;
  for (const ChartPoint& point : series.points) {
    if (!point.y) continue;
    out << "<circle class=\"point\" cx=\"" << Coord(frame.X(point.x)) << "\" cy=\""
        << Coord(frame.Y(*point.y)) << "\" r=\"2.5\" fill=\"" << HtmlEscape(series.color)
        << "\"><title>" << HtmlEscape(series.name) << ' '
        << (point.x_name.empty() ? "at +" + FormatSignificant(point.x, 4) + " s"
                                 : HtmlEscape(point.x_name))
        << ": " << FormatSignificant(*point.y, 4) << ' ' << HtmlEscape(chart.y_label)
        << "</title></circle>\n";
  }
}

void WriteLegend(std::ostream& out, const Frame& frame, const Chart& chart) {
  double x = frame.width - kRight;
  // Right-aligned, laid out from the last entry backwards.
  for (auto series = chart.series.rbegin(); series != chart.series.rend(); ++series) {
    x -= 14 + 7 * static_cast<double>(series->name.size()) + 16;
    // A short stroke as drawn in the plot, dashed like its series.
    out << "<line x1=\"" << Coord(x) << "\" y1=\"" << Coord(kTop - 20) << "\" x2=\""
        << Coord(x + 11) << "\" y2=\"" << Coord(kTop - 20) << "\" stroke-width=\"3\" stroke=\""
        << HtmlEscape(series->color) << '"'
        << (series->dash.empty() ? "" : " stroke-dasharray=\"3 2\"") << "/>"
        << "<text class=\"legend\" x=\"" << Coord(x + 14) << "\" y=\"" << Coord(kTop - 16) << "\">"
        << HtmlEscape(series->name) << "</text>\n";
  }
}

}  // namespace

double NiceStep(double span, int ticks) {
  if (!(span > 0) || ticks <= 0) return 1;
  const double raw = span / ticks;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  for (double multiple : {1.0, 2.0, 5.0}) {
    if (raw <= multiple * power) return multiple * power;
  }
  return 10 * power;
}

std::string RenderSvg(const Chart& chart, int width, int height) {
  std::ostringstream out;
  out << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" << width
      << "\" height=\"" << height << "\" viewBox=\"0 0 " << width << ' ' << height
      << "\" role=\"img\" aria-label=\"" << HtmlEscape(chart.title) << "\">\n"
      << "<text class=\"chart-title\" x=\"" << Coord(kLeft) << "\" y=\"18\">"
      << HtmlEscape(chart.title) << "</text>\n";
  if (!HasPoints(chart)) {
    out << "<text class=\"empty\" x=\"" << width / 2 << "\" y=\"" << height / 2
        << "\" text-anchor=\"middle\">no data was sampled</text>\n</svg>\n";
    return out.str();
  }
  const Frame frame = MakeFrame(chart, width, height);
  WriteBands(out, frame, chart);
  WriteGrid(out, frame, chart);
  WriteThresholds(out, frame, chart);
  for (const ChartSeries& series : chart.series) WriteSeries(out, frame, series);
  for (const ChartSeries& series : chart.series) WriteMarkers(out, frame, chart, series);
  WriteLegend(out, frame, chart);
  out << "</svg>\n";
  return out.str();
}

}  // namespace slogate::report
