#include "report/html_text.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "judge/visible.h"

namespace ipcgrade {

namespace {

struct StatusStyle {
  std::string_view css_class;
  std::string_view word;
};

// Indexed by Status.
constexpr std::array<StatusStyle, 4> kStatusStyles{{
    {"pass", "passed"},
    {"fail", "failed"},
    {"error", "error"},
    {"skip", "skipped"},
}};

// The colour class of a diff line, from the GNU unified format.
std::string_view diff_class(std::string_view line) {
  if (line.starts_with("+++") || line.starts_with("---")) return "meta";
  if (line.starts_with("@@")) return "hunk";
  if (line.starts_with("+")) return "add";
  if (line.starts_with("-")) return "del";
  return "ctx";
}

constexpr std::string_view kStyle = R"css(
:root { --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #cf222e; --fail-bg: #ffebe9;
  --error: #9a6700; --error-bg: #fff8c5; --skip: #57606a; --skip-bg: #eaeef2;
  --line: #d0d7de; --muted: #57606a; --ink: #1f2328; --paper: #ffffff; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--soft); color: var(--ink);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 28px 24px 48px; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 20px 0 8px; }
.subtitle { color: var(--muted); margin: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 20px; }
.card { flex: 1 1 110px; max-width: 220px; background: var(--paper); border: 1px solid var(--line);
  border-radius: 8px; padding: 12px 16px; }
.card .value { font-size: 24px; font-weight: 600; }
.card .label { color: var(--muted); font-size: 13px; }
.card.pass .value { color: var(--pass); } .card.fail .value { color: var(--fail); }
.card.error .value { color: var(--error); } .card.skip .value { color: var(--skip); }
table { width: 100%; border-collapse: collapse; background: var(--paper);
  border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
th, td { text-align: left; padding: 7px 12px; border-bottom: 1px solid var(--line);
  vertical-align: middle; }
th { background: var(--soft); font-size: 13px; color: var(--muted); font-weight: 600; }
tr:last-child td { border-bottom: none; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.pill { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12px;
  font-weight: 600; white-space: nowrap; }
.pill.pass { color: var(--pass); background: var(--pass-bg); }
.pill.fail { color: var(--fail); background: var(--fail-bg); }
.pill.error { color: var(--error); background: var(--error-bg); }
.pill.skip { color: var(--skip); background: var(--skip-bg); }
.tag { display: inline-block; margin-left: 6px; padding: 0 6px; border-radius: 4px;
  font-size: 11px; color: var(--muted); border: 1px solid var(--line); }
.bar { display: inline-block; width: 100%; min-width: 80px; height: 12px;
  background: var(--skip-bg); border-radius: 6px; overflow: hidden; vertical-align: middle; }
.bar span { display: block; height: 100%; border-radius: 6px; }
.bar .high { background: #2da44e; } .bar .mid { background: #d4a72c; } .bar .low { background: #e5534b; }
.chart { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; }
.chart .row { display: grid; grid-template-columns: minmax(180px, 38%) 1fr 110px; gap: 12px;
  align-items: center; padding: 4px 0; }
.chart .name { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.chart .num { text-align: right; color: var(--muted); font-variant-numeric: tabular-nums; }
.strip { display: flex; flex-wrap: wrap; gap: 3px; }
.strip span { width: 12px; height: 12px; border-radius: 3px; }
.strip .pass { background: #2da44e; } .strip .fail { background: #e5534b; }
.strip .error { background: #d4a72c; } .strip .skip { background: #afb8c1; }
details { background: var(--paper); border: 1px solid var(--line); border-radius: 8px;
  margin: 10px 0; }
summary { cursor: pointer; padding: 9px 14px; font-weight: 600; }
summary .pill { margin-right: 8px; }
summary .first { margin-left: 12px; color: var(--muted); font-weight: 400; font-size: 13px; }
summary .points { float: right; color: var(--muted); font-weight: 400; }
.body { padding: 2px 16px 12px; border-top: 1px solid var(--line); }
.failure { margin: 10px 0; }
.kind { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  font-size: 12px; font-weight: 600; color: var(--fail); background: var(--fail-bg);
  padding: 1px 6px; border-radius: 4px; margin-right: 6px; }
.kind.error { color: var(--error); background: var(--error-bg); }
.unchecked { margin-top: 16px; background: var(--error-bg); border: 1px solid #eac54f;
  border-radius: 8px; padding: 10px 16px; }
.unchecked ul { margin: 4px 0 0; padding-left: 20px; }
.message { white-space: pre-wrap; overflow-wrap: anywhere; }
pre, code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace;
  font-size: 13px; }
pre.diff { background: var(--soft); border: 1px solid var(--line); border-radius: 6px;
  padding: 8px 0; overflow-x: auto; margin: 8px 0; }
pre.diff span { display: block; padding: 0 12px; white-space: pre; }
pre.diff .add { background: #e6ffec; color: #116329; } pre.diff .del { background: #ffebe9; color: #82071e; }
pre.diff .hunk { background: #ddf4ff; color: #0969da; } pre.diff .meta { color: var(--muted); font-weight: 600; }
.hint { background: #ddf4ff; border-left: 4px solid #0969da; padding: 6px 12px; border-radius: 4px;
  white-space: pre-wrap; }
.reproduce code { display: block; background: var(--soft); border: 1px solid var(--line);
  border-radius: 6px; padding: 6px 12px; overflow-x: auto; white-space: pre; }
.note { color: var(--muted); font-size: 13px; }
.allpass { color: var(--pass); font-weight: 600; }
footer { margin-top: 36px; color: var(--muted); font-size: 13px; }
)css";

}  // namespace

std::string html_text(std::string_view raw) {
  const std::string text = visible(raw);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string_view html_style() { return kStyle; }

std::string_view status_class(Status status) {
  return kStatusStyles[static_cast<std::size_t>(status)].css_class;
}

std::string status_pill(Status status) {
  const StatusStyle& s = kStatusStyles[static_cast<std::size_t>(status)];
  return "<span class=\"pill " + std::string(s.css_class) + "\">" + std::string(s.word) + "</span>";
}

std::string html_diff(std::string_view diff) {
  std::string out = "<pre class=\"diff\">";
  while (!diff.empty()) {
    const std::size_t end = diff.find('\n');
    const std::string_view line = diff.substr(0, end);
    // An empty block would collapse to no height and hide the blank line.
    out += "<span class=\"" + std::string(diff_class(line)) + "\">" +
           (line.empty() ? std::string(" ") : html_text(line)) + "</span>";
    if (end == std::string_view::npos) break;
    diff.remove_prefix(end + 1);
  }
  return out + "</pre>";
}

std::string html_bar(double fraction) {
  fraction = std::clamp(std::isfinite(fraction) ? fraction : 0.0, 0.0, 1.0);
  const char* level = fraction >= 0.8 ? "high" : fraction >= 0.5 ? "mid" : "low";
  return "<span class=\"bar\"><span class=\"" + std::string(level) +
         "\" style=\"width:" + std::to_string(static_cast<int>(std::lround(fraction * 100))) +
         "%\"></span></span>";
}

std::string percent_text(double part, double whole) {
  if (!(whole > 0)) return "\u2013";
  return std::to_string(static_cast<int>(std::lround(part / whole * 100))) + "%";
}

}  // namespace ipcgrade
