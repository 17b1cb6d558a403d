// The HTML report as a browser shows it: Debian's Chromium, headless, renders a report of
// every chart feature (bursts, the scheduled steps, the percentile spectrum, a lag breach, probe
// levels, the configuration block). Checked: nothing reaches the console (Chromium's own log
// of it: a malformed SVG attribute is a console error there, with no script involved) and no
// load fails, every chart is drawn with its lines, nothing is wider than the window, and the blocks sit where the stored
// layout (html_report_layout.json) has them. A screenshot is kept as an artifact
// (build/artifacts/html-report.png) for a person to look at.
//
// The page itself has no script. The layout is read by a copy of it with a probe script first
// in <head> (so that it sees every error from the start), which writes what it measured into
// the DOM that --dump-dom prints.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "command.h"
#include "sample_document.h"
#include "slogate/report/html_reporter.h"

namespace slogate::testing {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::seconds;

// The window the page is laid out in: the report's max width (1160 px) plus margins.
constexpr int kWindowWidth = 1280;
// Horizontal positions and widths are set by the stylesheet's grid and may move this much
// (rounding, scrollbar); heights follow the fonts a machine has, so they are only compared
// loosely, and vertical positions only by order.
constexpr int kPixelSlack = 6;
constexpr double kHeightSlack = 0.35;
// Tall enough for the whole report of EveryChartFeature().
constexpr int kScreenshotHeight = 3000;

constexpr char kProbe[] = R"js(<script>
window.__problems = [];
addEventListener('error', e => __problems.push('error: ' + (e.message ||
    (e.target && (e.target.src || e.target.href || e.target.tagName)) || 'unknown')), true);
for (const level of ['error', 'warn']) {
  console[level] = (...args) => __problems.push('console.' + level + ': ' + args.join(' '));
}
addEventListener('load', () => {
  const box = element => {
    if (!element) return null;
    const r = element.getBoundingClientRect();
    return {x: Math.round(r.left), y: Math.round(r.top + scrollY), width: Math.round(r.width),
            height: Math.round(r.height)};
  };
  const charts = [...document.querySelectorAll('svg.chart')].map(svg => ({
    title: svg.getAttribute('aria-label'), box: box(svg),
    lines: svg.querySelectorAll('path.series').length,
    empty: svg.querySelectorAll('text.empty').length}));
  const report = {problems: __problems, window_width: innerWidth,
    page_width: document.documentElement.scrollWidth, charts,
    blocks: {header: box(document.querySelector('header')),
             verdict: box(document.querySelector('table.verdict')),
             figures: box(document.querySelector('section.figures')),
             configuration: box(document.querySelector('details.config'))}};
  const out = document.createElement('pre');
  out.id = 'slogate-probe';
  out.textContent = JSON.stringify(report);
  document.body.appendChild(out);
});
</script>)js";

// SampleDocument with every feature the charts draw.
report::ResultsDocument EveryChartFeature() {
  report::ResultsDocument document = SampleDocument();
  document.run->rate_plan = {{seconds(0), seconds(3), 10, 10},
                             {seconds(3), seconds(5), 45, 45},
                             {seconds(5), seconds(10), 10, 10}};
  report::LagProbeSummary probes;
  probes.probed = probes.readable = 40;
  probes.lag_p95 = milliseconds(900);
  probes.lag_max = milliseconds(2400);
  document.lag_probes = probes;
  document.config["profiles"] = {{{"name", "burst"},
                                  {"schedule", "burst"},
                                  {"rps", 10},
                                  {"duration", 10},
                                  {"bursts", {{{"start", 3}, {"length", 2}, {"rps", 45}}}}}};
  document.config["thresholds"] = {{"latency_p95", 0.15}, {"max_lag", 2},
                                   {"lag_recovery_window", 2}};
  return document;
}

std::string Render(const report::ResultsDocument& document) {
  std::ostringstream page;
  report::HtmlReporter reporter(page);
  EXPECT_TRUE(reporter.Report(document).ok());
  return page.str();
}

// The window is as tall as `height`: a screenshot shows only the window.
std::string Chromium(const std::filesystem::path& profile_dir, int height,
                     const std::string& arguments) {
  // Bounded: a browser that hangs fails the test instead of holding CI.
  // --enable-logging=stderr: Chromium writes every console message (a malformed SVG attribute,
  // a failed load, a script error) to stderr as an ":INFO:CONSOLE" line.
  return "timeout -k 5 90 " SLOGATE_CHROMIUM
         " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars "
         "--enable-logging=stderr --v=0 --user-data-dir=" +
         ShellQuoted(profile_dir.string()) + " --window-size=" + std::to_string(kWindowWidth) +
         "," + std::to_string(height) + " --virtual-time-budget=5000 " + arguments;
}

class HtmlRenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(SLOGATE_CHROMIUM))
        << SLOGATE_CHROMIUM << " is missing: scripts/bootstrap-deps --test installs Debian's "
        << "chromium";
    // Its own directory per test and process: ctest runs tests in parallel.
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("html_render_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;  // a browser process still exiting may hold a file a moment
    std::filesystem::remove_all(dir_, ignored);
  }

  // What the probe measured in the page, rendered by Chromium.
  json Measure(const std::string& page) {
    const std::string head = "<head>";
    std::string probed = page;
    probed.insert(probed.find(head) + head.size(), kProbe);
    const std::filesystem::path file = dir_ / "probed.html";
    std::ofstream(file) << probed;
    const CommandResult result =
        RunCommand(Chromium(dir_ / "profile", 900, "--dump-dom " + ShellQuoted("file://" + file.string())));
    EXPECT_EQ(result.exit_code, 0) << result.err;
    console_ = ConsoleLines(result.err);
    const std::string open = "<pre id=\"slogate-probe\">";
    const size_t begin = result.out.find(open);
    if (begin == std::string::npos) {
      ADD_FAILURE() << "the probe wrote nothing; Chromium printed:\n" << result.out.substr(0, 2000);
      return json::object();
    }
    const size_t end = result.out.find("</pre>", begin);
    std::string text = result.out.substr(begin + open.size(), end - begin - open.size());
    // --dump-dom escapes text content; the probe's JSON holds only these.
    for (const auto& [entity, character] :
         {std::pair<std::string, std::string>{"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"},
          {"&amp;", "&"}}) {
      for (size_t at = text.find(entity); at != std::string::npos; at = text.find(entity, at)) {
        text.replace(at, entity.size(), character);
        at += character.size();
      }
    }
    return json::parse(text);
  }

  // Chromium's log lines of console messages.
  static std::vector<std::string> ConsoleLines(const std::string& log) {
    std::vector<std::string> lines;
    std::istringstream in(log);
    for (std::string line; std::getline(in, line);) {
      if (line.find(":CONSOLE") != std::string::npos) lines.push_back(line);
    }
    return lines;
  }

  std::filesystem::path dir_;
  std::vector<std::string> console_;  // of the last Measure
};

TEST_F(HtmlRenderTest, RendersWithoutErrorsAndEveryChartDrawn) {
  const json measured = Measure(Render(EveryChartFeature()));
  ASSERT_TRUE(measured.contains("charts")) << measured.dump(2);
  EXPECT_EQ(measured["problems"], json::array()) << measured["problems"].dump(2);
  EXPECT_TRUE(console_.empty()) << "the console said:\n" << ::testing::PrintToString(console_);
  EXPECT_EQ(measured["window_width"], kWindowWidth);
  EXPECT_LE(measured["page_width"].get<int>(), kWindowWidth) << "the page scrolls sideways";
  ASSERT_EQ(measured["charts"].size(), 5u) << measured.dump(2);
  for (const json& chart : measured["charts"]) {
    EXPECT_EQ(chart["empty"], 0) << chart.dump();
    EXPECT_GE(chart["lines"].get<int>(), 1) << chart.dump();
    EXPECT_GT(chart["box"]["width"].get<int>(), 300) << chart.dump();
    EXPECT_GT(chart["box"]["height"].get<int>(), 120) << chart.dump();
    EXPECT_LE(chart["box"]["x"].get<int>() + chart["box"]["width"].get<int>(), kWindowWidth)
        << chart.dump();
  }
}

TEST_F(HtmlRenderTest, TheBlocksSitWhereTheStoredLayoutHasThem) {
  const json measured = Measure(Render(EveryChartFeature()));
  ASSERT_TRUE(measured.contains("charts")) << measured.dump(2);
  std::ifstream stored_file(SLOGATE_LAYOUT_FILE);
  ASSERT_TRUE(stored_file) << "cannot read " << SLOGATE_LAYOUT_FILE;
  const json stored = json::parse(stored_file);
  // Blocks and charts, each by name, in page order (top to bottom, left to right), against the
  // stored layout's list in the same order.
  using NamedBox = std::pair<std::string, json>;
  std::vector<NamedBox> boxes;
  for (const auto& [name, box] : measured["blocks"].items()) boxes.emplace_back(name, box);
  for (const json& chart : measured["charts"]) {
    boxes.emplace_back(chart["title"].get<std::string>(), chart["box"]);
  }
  std::stable_sort(boxes.begin(), boxes.end(), [](const NamedBox& a, const NamedBox& b) {
    return std::pair(a.second["y"].get<int>(), a.second["x"].get<int>()) <
           std::pair(b.second["y"].get<int>(), b.second["x"].get<int>());
  });
  json page_order = json::array();
  for (const auto& [name, box] : boxes) page_order.push_back({{"name", name}, {"box", box}});
  ASSERT_EQ(boxes.size(), stored.size()) << "measured, in page order:\n" << page_order.dump(2);
  int previous_y = -1;
  std::string previous;
  for (size_t i = 0; i < boxes.size(); ++i) {
    const auto& [name, box] = boxes[i];
    SCOPED_TRACE(name + " measured " + box.dump() + "; all measured:\n" + page_order.dump(2));
    ASSERT_EQ(stored[i]["name"], name);
    const json& expected = stored[i]["box"];
    EXPECT_NEAR(box["x"].get<int>(), expected["x"].get<int>(), kPixelSlack);
    EXPECT_NEAR(box["width"].get<int>(), expected["width"].get<int>(), kPixelSlack);
    EXPECT_NEAR(box["height"].get<double>(), expected["height"].get<double>(),
                expected["height"].get<double>() * kHeightSlack);
    // Charts side by side share a row; everything else is below what came before.
    if (i > 0 && expected["y"] == stored[i - 1]["box"]["y"]) {
      EXPECT_NEAR(box["y"].get<int>(), previous_y, kPixelSlack) << "beside " << previous;
    } else {
      EXPECT_GT(box["y"].get<int>(), previous_y) << "below " << previous;
    }
    previous_y = box["y"].get<int>();
    previous = name;
  }
}

TEST_F(HtmlRenderTest, KeepsAScreenshotAsAnArtifact) {
  const std::filesystem::path page = dir_ / "report.html";
  std::ofstream(page) << Render(EveryChartFeature());
  std::filesystem::create_directories(SLOGATE_ARTIFACT_DIR);
  const std::filesystem::path png = std::filesystem::path(SLOGATE_ARTIFACT_DIR) / "html-report.png";
  std::filesystem::remove(png);
  const CommandResult result = RunCommand(
      Chromium(dir_ / "profile", kScreenshotHeight,
               "--screenshot=" + ShellQuoted(png.string()) + " " +
                   ShellQuoted("file://" + page.string())));
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::ifstream file(png, std::ios::binary);
  ASSERT_TRUE(file) << "no screenshot at " << png;
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  // A PNG whose header says it is the window's width; a blank page compresses to a few KB.
  ASSERT_GT(bytes.size(), 24u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  const auto be32 = [&bytes](size_t at) {
    return (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at])) << 24) |
           (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 1])) << 16) |
           (static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 2])) << 8) |
           static_cast<uint32_t>(static_cast<unsigned char>(bytes[at + 3]));
  };
  EXPECT_EQ(be32(16), static_cast<uint32_t>(kWindowWidth));
  EXPECT_GT(bytes.size(), 40'000u) << "the screenshot looks blank";
}

}  // namespace
}  // namespace slogate::testing
