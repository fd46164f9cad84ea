// Small pieces shared by the matchers: splitting output into lines, showing
// bytes and regexes in messages, and RE2 with the options a matcher asks for.
#pragma once

#include <re2/re2.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "judge/matchers.h"
#include "spec/model.h"

namespace ipcgrade {

struct SplitLines {
  std::vector<std::string_view> lines;  // without their '\n'
  bool last_unterminated = false;       // the last line has no '\n'
};

SplitLines split_lines(std::string_view text);

// `"bytes"` for a message: newline, tab, quote and backslash escaped as in
// C, other control bytes as \xNN, cut after `max_bytes` with a note.
std::string in_quotes(std::string_view bytes, std::size_t max_bytes = 200);

// `/regex/` as the suite wrote it.
std::string slashed(std::string_view regex);

// "1 line", "3 lines".
std::string count_of(std::uint64_t n, std::string_view singular);

// A list of already formatted items, "a, b, c", at most `max_items` of them
// followed by "and N more".
std::string list_of(const std::vector<std::string>& items, std::size_t max_items = 5);

// An RE2 for a matcher: case-insensitive under the `case` normalisation,
// quiet on errors (the message says what is wrong).
std::unique_ptr<RE2> compile_regex(std::string_view pattern, unsigned normalize_flags);

// The message for a regex the suite got wrong.
std::string bad_regex_message(std::string_view stream, const RE2& re);

// An expected line after the matcher's normalisation (both sides are
// normalised; regexes are matched case-insensitively instead).
std::string normalize_line(std::string_view line, unsigned flags);

// A line spec ready to match output lines.
class LineMatcher {
 public:
  LineMatcher(const spec::LineSpec& spec, unsigned normalize_flags);
  bool ok() const { return !re_ || re_->ok(); }
  const RE2* regex() const { return re_.get(); }
  bool is_regex() const { return static_cast<bool>(re_); }
  const std::string& text() const { return text_; }        // the normalised exact line
  const std::string& pattern() const { return pattern_; }  // the regex as written
  bool matches(std::string_view line) const;
  // `"exact line"` or `/regex/`.
  std::string shown() const;

 private:
  std::string text_;
  std::string pattern_;
  std::unique_ptr<RE2> re_;
};

// The line specs of a matcher, compiled. Under `blank_lines`, exact blank
// lines are dropped, as they are from the output.
std::vector<LineMatcher> line_matchers(const spec::Matcher& matcher);

// The first line spec whose regex does not compile, as a failed result.
std::optional<MatchResult> bad_line_regex(const std::vector<LineMatcher>& specs,
                                          std::string_view stream);

MatchResult failed(std::string message, std::string diff = {});

}  // namespace ipcgrade
