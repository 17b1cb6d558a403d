// The HTML report's stylesheet, inlined into every page.
#pragma once

#include <string_view>

namespace slogate::report {

inline constexpr std::string_view kHtmlStyle = R"css(
*{box-sizing:border-box}
body{margin:0;background:#f4f5f7;color:#1f2933;font:14px/1.45 -apple-system,"Segoe UI",Helvetica,Arial,sans-serif}
main{max-width:1160px;margin:0 auto;padding:24px}
header{background:#fff;border:1px solid #e1e4e8;border-radius:8px;padding:20px 24px;display:flex;justify-content:space-between;align-items:center;gap:16px}
h1{font-size:20px;margin:0 0 6px}
h2{font-size:16px;margin:28px 0 10px}
.meta{color:#52606d;font-size:13px}
.meta span{margin-right:14px;white-space:nowrap}
.pill{display:inline-block;border-radius:999px;padding:2px 10px;font-weight:600;font-size:12px;letter-spacing:.03em}
.pill.big{font-size:18px;padding:6px 18px}
.PASS{background:#dcfce7;color:#166534}
.FAIL{background:#fee2e2;color:#991b1b}
.INCONCLUSIVE{background:#fef3c7;color:#92400e}
.SKIPPED{background:#e5e7eb;color:#374151}
.figures{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin-top:16px}
.figure{background:#fff;border:1px solid #e1e4e8;border-radius:8px;padding:12px 14px}
.figure .label{color:#52606d;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.figure .value{font-size:20px;font-weight:600;margin-top:2px}
.causes{margin:10px 0 0;color:#1f2933}
table{width:100%;border-collapse:collapse;background:#fff;border:1px solid #e1e4e8;border-radius:8px;overflow:hidden}
th,td{text-align:left;padding:8px 12px;border-bottom:1px solid #eef0f2;vertical-align:top}
th{background:#f9fafb;font-size:12px;text-transform:uppercase;letter-spacing:.04em;color:#52606d}
td.num{font-variant-numeric:tabular-nums;white-space:nowrap}
tr:last-child td{border-bottom:none}
.charts{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.card{background:#fff;border:1px solid #e1e4e8;border-radius:8px;padding:8px}
svg.chart{width:100%;height:auto;display:block}
svg .chart-title{font-size:14px;font-weight:600;fill:#1f2933}
svg .tick,svg .axis-label,svg .legend{font-size:11px;fill:#52606d}
svg .grid{stroke:#eef0f2;stroke-width:1}
svg .axis{stroke:#9aa5b1;stroke-width:1}
svg .series{fill:none;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}
svg .threshold{stroke:#dc2626;stroke-width:1.5;stroke-dasharray:6 4}
svg .threshold-label{font-size:11px;fill:#dc2626;font-weight:600}
svg .reference{stroke:#1d4ed8;stroke-width:1.5;stroke-dasharray:2 3}
svg .reference-label{font-size:11px;fill:#1d4ed8;font-weight:600}
svg .empty{font-size:13px;fill:#9aa5b1}
details.config summary{cursor:pointer;color:#52606d}
table.config{margin-top:8px}
table.config th{width:160px;text-transform:none;letter-spacing:0;font-size:13px;background:#f9fafb}
table.config td{font-size:13px;word-break:break-word}
pre{background:#fff;border:1px solid #e1e4e8;border-radius:8px;padding:12px 14px;overflow:auto;font-size:12px}
.error{background:#fee2e2;color:#991b1b;border-radius:8px;padding:10px 14px;margin-top:16px}
.abort{background:#fee2e2;color:#991b1b;border:1px solid #fca5a5;border-radius:8px;padding:10px 14px;margin-top:16px;font-weight:600}
.selection{background:#e0f2fe;color:#075985;border-radius:8px;padding:10px 14px;margin-top:16px}
.mark{color:#92400e;font-weight:700;margin-left:4px}
.note{margin:6px 0 0;color:#52606d;font-size:13px}
footer{color:#9aa5b1;font-size:12px;margin-top:28px}
)css";

}  // namespace slogate::report
