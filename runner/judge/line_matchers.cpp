#include "judge/line_matchers.h"

#include <optional>
#include <unordered_map>

#include "judge/diff.h"
#include "judge/match_text.h"

namespace ipcgrade {

namespace {

std::string lines_differ(std::string_view stream, std::size_t seen, std::int64_t expected) {
  return std::string(stream) + " has " + count_of(seen, "line") + ", expected " +
         std::to_string(expected);
}

std::optional<std::size_t> first_mismatch(const std::vector<LineMatcher>& specs,
                                          const std::vector<std::string_view>& lines) {
  for (std::size_t i = 0; i < specs.size() && i < lines.size(); ++i)
    if (!specs[i].matches(lines[i])) return i;
  return std::nullopt;
}

std::string line_mismatch(std::string_view stream, std::size_t index, const LineMatcher& spec,
                          std::string_view line) {
  const std::string where = std::string(stream) + " line " + std::to_string(index + 1);
  if (spec.is_regex()) return where + " does not match " + spec.shown();
  return where + " is " + in_quotes(line) + ", expected " + spec.shown();
}

// The expected side of the diff. A regex line shows as the output line it
// matched, so that only real differences stand out, else as /regex/. When
// the counts differ, lines do not pair up by position, and a regex could
// seem to match a line that belongs to another spec.
std::string expected_text(const std::vector<LineMatcher>& specs,
                          const std::vector<std::string_view>& lines) {
  const bool paired = specs.size() == lines.size();
  std::string text;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    if (!specs[i].is_regex())
      text += specs[i].text();
    else if (paired && specs[i].matches(lines[i]))
      text += lines[i];
    else
      text += "/" + specs[i].pattern() + "/";
    text += '\n';
  }
  return text;
}

std::string no_final_newline(std::string_view stream, std::string_view last_line) {
  return std::string(stream) + "'s last line " + in_quotes(last_line) +
         " does not end with a newline";
}

// Assigns output lines to regex specs so that as many specs as possible
// are matched (Kuhn's augmenting paths): a greedy pass could give a line to
// the first regex that fits when a later regex fits only that line.
class RegexAssignment {
 public:
  RegexAssignment(const std::vector<const LineMatcher*>& specs,
                  const std::vector<std::string_view>& lines)
      : fits_(specs.size()), owner_(lines.size(), kNone), taken_(specs.size(), false) {
    for (std::size_t r = 0; r < specs.size(); ++r)
      for (std::size_t l = 0; l < lines.size(); ++l)
        if (specs[r]->matches(lines[l])) fits_[r].push_back(l);
    for (std::size_t r = 0; r < specs.size(); ++r) {
      std::vector<bool> visited(lines.size(), false);
      taken_[r] = assign(r, visited);
    }
  }
  bool spec_matched(std::size_t r) const { return taken_[r]; }
  bool line_used(std::size_t l) const { return owner_[l] != kNone; }

 private:
  static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

  bool assign(std::size_t r, std::vector<bool>& visited) {
    for (std::size_t l : fits_[r]) {
      if (visited[l]) continue;
      visited[l] = true;
      if (owner_[l] == kNone || assign(owner_[l], visited)) {
        owner_[l] = r;
        return true;
      }
    }
    return false;
  }

  std::vector<std::vector<std::size_t>> fits_;
  std::vector<std::size_t> owner_;
  std::vector<bool> taken_;
};

struct Unmatched {
  std::vector<std::string> missing;     // specs, as shown
  std::vector<std::string> unexpected;  // output lines, quoted
};

// Multiset comparison: exact lines first (any equal output line will do),
// then the regexes over the output lines that are left.
Unmatched compare_unordered(const std::vector<LineMatcher>& specs,
                            const std::vector<std::string_view>& lines) {
  std::unordered_map<std::string_view, std::size_t> wanted;
  std::vector<const LineMatcher*> regexes;
  for (const auto& spec : specs) {
    if (spec.is_regex())
      regexes.push_back(&spec);
    else
      ++wanted[spec.text()];
  }
  std::vector<std::string_view> left;
  for (std::string_view line : lines) {
    const auto it = wanted.find(line);
    if (it != wanted.end() && it->second > 0)
      --it->second;
    else
      left.push_back(line);
  }
  const RegexAssignment assignment(regexes, left);
  Unmatched result;
  std::size_t r = 0;
  for (const auto& spec : specs) {
    if (spec.is_regex() ? !assignment.spec_matched(r++) : wanted[spec.text()] > 0) {
      if (!spec.is_regex()) --wanted[spec.text()];
      result.missing.push_back(spec.shown());
    }
  }
  for (std::size_t l = 0; l < left.size(); ++l)
    if (!assignment.line_used(l)) result.unexpected.push_back(in_quotes(left[l]));
  return result;
}

}  // namespace

MatchResult check_lines(const spec::Matcher& matcher, std::string_view text,
                        std::string_view stream) {
  const auto specs = line_matchers(matcher);
  if (auto bad = bad_line_regex(specs, stream)) return *bad;
  const SplitLines seen = split_lines(text);
  std::string message;
  if (seen.lines.size() != specs.size())
    message = lines_differ(stream, seen.lines.size(), std::ssize(specs));
  else if (const auto i = first_mismatch(specs, seen.lines))
    message = line_mismatch(stream, *i, specs[*i], seen.lines[*i]);
  else if (seen.last_unterminated)
    message = no_final_newline(stream, seen.lines.back());
  else
    return {};
  return failed(message, unified_diff(expected_text(specs, seen.lines), text));
}

MatchResult check_unordered_lines(const spec::Matcher& matcher, std::string_view text,
                                  std::string_view stream) {
  const auto specs = line_matchers(matcher);
  if (auto bad = bad_line_regex(specs, stream)) return *bad;
  const SplitLines seen = split_lines(text);
  const Unmatched unmatched = compare_unordered(specs, seen.lines);
  if (unmatched.missing.empty() && unmatched.unexpected.empty()) {
    if (seen.last_unterminated) return failed(no_final_newline(stream, seen.lines.back()));
    return {};
  }
  std::string message = seen.lines.size() != specs.size()
                            ? lines_differ(stream, seen.lines.size(), std::ssize(specs))
                            : std::string(stream) + " does not have the expected lines";
  message += " (in any order)";
  if (!unmatched.missing.empty()) message += "\nmissing: " + list_of(unmatched.missing);
  if (!unmatched.unexpected.empty()) message += "\nunexpected: " + list_of(unmatched.unexpected);
  return failed(message);
}

MatchResult check_in_order(const spec::Matcher& matcher, std::string_view text,
                           std::string_view stream) {
  const auto specs = line_matchers(matcher);
  if (auto bad = bad_line_regex(specs, stream)) return *bad;
  const std::vector<std::string_view> lines = split_lines(text).lines;
  const auto find = [&](const LineMatcher& spec, std::size_t from, std::size_t to) {
    for (std::size_t j = from; j < to; ++j)
      if (spec.matches(lines[j])) return std::optional<std::size_t>(j);
    return std::optional<std::size_t>();
  };
  std::optional<std::size_t> previous;
  for (const auto& spec : specs) {
    const std::size_t from = previous ? *previous + 1 : 0;
    const auto found = find(spec, from, lines.size());
    if (found) {
      previous = found;
      continue;
    }
    std::string message =
        std::string(stream) + " has no line " + (spec.is_regex() ? "matching " : "") + spec.shown();
    if (!previous) return failed(message);
    message +=
        " after line " + std::to_string(*previous + 1) + " (" + in_quotes(lines[*previous]) + ")";
    if (const auto earlier = find(spec, 0, *previous))
      message += "; it appears earlier, at line " + std::to_string(*earlier + 1);
    return failed(message);
  }
  return {};
}

MatchResult check_line_count(const spec::Matcher& matcher, std::string_view text,
                             std::string_view stream) {
  const std::size_t seen = split_lines(text).lines.size();
  if (static_cast<std::int64_t>(seen) == matcher.count) return {};
  return failed(lines_differ(stream, seen, matcher.count));
}

}  // namespace ipcgrade
