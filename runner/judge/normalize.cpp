// normalize() of matchers.h: the `normalize` flags of a matcher, applied
// line by line to both sides.
#include <string>
#include <string_view>

#include "judge/matchers.h"

namespace ipcgrade {

namespace {

bool is_blank(std::string_view line) {
  return line.find_first_not_of(" \t\r\v\f") == std::string_view::npos;
}

// One line without its '\n'. `has_newline` tells whether the '\n' followed,
// because only a '\r' right before a '\n' is part of a CRLF.
std::string_view trim_line(std::string_view line, bool has_newline, unsigned flags) {
  if ((flags & spec::kCrlf) && has_newline && !line.empty() && line.back() == '\r')
    line.remove_suffix(1);
  if (flags & spec::kTrailingSpace) {
    const auto end = line.find_last_not_of(" \t");
    line = end == std::string_view::npos ? std::string_view() : line.substr(0, end + 1);
  }
  return line;
}

}  // namespace

std::string normalize(std::string_view text, unsigned flags) {
  if (flags == spec::kNormalizeNone) return std::string(text);
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const auto end = text.find('\n');
    const bool has_newline = end != std::string_view::npos;
    std::string_view line = text.substr(0, has_newline ? end : text.size());
    text.remove_prefix(has_newline ? end + 1 : text.size());
    if ((flags & spec::kBlankLines) && is_blank(line)) continue;
    out += trim_line(line, has_newline, flags);
    if (has_newline) out += '\n';
  }
  if (flags & spec::kCase)
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  if ((flags & spec::kFinalNewline) && !out.empty() && out.back() != '\n') out += '\n';
  return out;
}

}  // namespace ipcgrade
