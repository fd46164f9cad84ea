#include "judge/match_text.h"

#include "judge/visible.h"

namespace ipcgrade {

SplitLines split_lines(std::string_view text) {
  SplitLines split;
  while (!text.empty()) {
    const auto end = text.find('\n');
    if (end == std::string_view::npos) {
      split.lines.push_back(text);
      split.last_unterminated = true;
      break;
    }
    split.lines.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  return split;
}

std::string in_quotes(std::string_view bytes, std::size_t max_bytes) {
  std::size_t keep = std::min(bytes.size(), max_bytes);
  // Cut before a UTF-8 continuation byte so that a character is not split.
  while (keep > 0 && keep < bytes.size() &&
         (static_cast<unsigned char>(bytes[keep]) & 0xC0) == 0x80)
    --keep;
  std::string escaped;
  for (char c : bytes.substr(0, keep)) {
    switch (c) {
      case '\n':
        escaped += "\\n";
        break;
      case '\t':
        escaped += "\\t";
        break;
      case '"':
        escaped += "\\\"";
        break;
      case '\\':
        escaped += "\\\\";
        break;
      default:
        escaped += c;
    }
  }
  std::string out = "\"" + visible(escaped) + "\"";
  if (keep < bytes.size()) out += "... (" + std::to_string(bytes.size() - keep) + " more bytes)";
  return out;
}

std::string slashed(std::string_view regex) { return "/" + visible(regex) + "/"; }

std::string count_of(std::uint64_t n, std::string_view singular) {
  return std::to_string(n) + " " + std::string(singular) + (n == 1 ? "" : "s");
}

std::string list_of(const std::vector<std::string>& items, std::size_t max_items) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < max_items; ++i) {
    if (i > 0) out += ", ";
    out += items[i];
  }
  if (items.size() > max_items) out += " and " + std::to_string(items.size() - max_items) + " more";
  return out;
}

std::unique_ptr<RE2> compile_regex(std::string_view pattern, unsigned normalize_flags) {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_case_sensitive((normalize_flags & spec::kCase) == 0);
  return std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
}

std::string bad_regex_message(std::string_view stream, const RE2& re) {
  return "the suite's regex " + slashed(re.pattern()) + " for " + std::string(stream) +
         " is invalid: " + re.error();
}

std::string normalize_line(std::string_view line, unsigned flags) {
  const unsigned per_line = flags & (spec::kCrlf | spec::kTrailingSpace | spec::kCase);
  std::string text = normalize(std::string(line) + "\n", per_line);
  text.pop_back();
  return text;
}

LineMatcher::LineMatcher(const spec::LineSpec& spec, unsigned normalize_flags) {
  if (spec.is_regex) {
    pattern_ = spec.text;
    re_ = compile_regex(spec.text, normalize_flags);
  } else {
    text_ = normalize_line(spec.text, normalize_flags);
  }
}

bool LineMatcher::matches(std::string_view line) const {
  if (!re_) return line == text_;
  return RE2::FullMatch(re2::StringPiece(line.data(), line.size()), *re_);
}

std::string LineMatcher::shown() const { return re_ ? slashed(pattern_) : in_quotes(text_); }

std::vector<LineMatcher> line_matchers(const spec::Matcher& matcher) {
  std::vector<LineMatcher> specs;
  for (const auto& line : matcher.lines) {
    const bool blank = line.text.find_first_not_of(" \t\r\v\f") == std::string::npos;
    if (!line.is_regex && blank && (matcher.normalize & spec::kBlankLines)) continue;
    specs.emplace_back(line, matcher.normalize);
  }
  return specs;
}

std::optional<MatchResult> bad_line_regex(const std::vector<LineMatcher>& specs,
                                          std::string_view stream) {
  for (const auto& spec : specs)
    if (!spec.ok()) return failed(bad_regex_message(stream, *spec.regex()));
  return std::nullopt;
}

MatchResult failed(std::string message, std::string diff) {
  return MatchResult{false, std::move(message), std::move(diff)};
}

}  // namespace ipcgrade
