#include "report/md_text.h"

#include <algorithm>

namespace ipcgrade {

namespace {

// Inline markup of CommonMark and GitHub: emphasis, code, links, raw HTML
// and entities, table cells, strikethrough and math.
constexpr std::string_view kMarkup = "\\`*_[]<>|~&$";

std::size_t longest_backtick_run(std::string_view text) {
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return longest;
}

}  // namespace

std::string md_inline(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\n') {
      out += ' ';
      continue;
    }
    if (kMarkup.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string md_fenced(std::string_view text, std::string_view info) {
  const std::string fence(std::max<std::size_t>(3, longest_backtick_run(text) + 1), '`');
  std::string out = fence + std::string(info) + "\n" + std::string(text);
  if (!text.empty() && text.back() != '\n') out += '\n';
  return out + fence + "\n";
}

std::string md_labelled(std::string_view label, std::string_view text) {
  std::string_view body = text;
  while (!body.empty() && body.back() == '\n') body.remove_suffix(1);
  const std::string bold = "**" + md_inline(label) + "**";
  if (body.find('\n') == std::string_view::npos) return bold + " " + md_inline(body) + "\n\n";
  return bold + "\n\n" + md_fenced(body) + "\n";
}

}  // namespace ipcgrade
