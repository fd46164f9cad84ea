#include "judge/matchers.h"

#include <re2/re2.h>

#include <algorithm>

#include "judge/diff.h"
#include "judge/line_matchers.h"
#include "judge/match_text.h"
#include "judge/number_matcher.h"

namespace ipcgrade {

namespace {

using Kind = spec::Matcher::Kind;

std::string cut_message(const StreamCapture& stream, std::string_view name) {
  return std::string(name) + " was cut at " + std::to_string(stream.text().size()) +
         " bytes (it wrote " + std::to_string(stream.total_bytes()) + "), too long to check";
}

// A hash is shown by its start: enough to tell two apart in a message.
std::string short_hash(std::string_view hex) { return std::string(hex.substr(0, 8)) + "\u2026"; }

// The strings of contains / not_contains, normalised like the output. A
// missing final newline is not added to them: they are pieces, not texts.
std::vector<std::string> needles(const spec::Matcher& m) {
  std::vector<std::string> found;
  const unsigned flags = m.normalize & ~spec::kFinalNewline;
  for (const auto& text : m.texts) found.push_back(normalize(text, flags));
  if (m.texts.empty()) found.push_back(normalize(m.text, flags));
  return found;
}

MatchResult check_contains(const spec::Matcher& m, std::string_view text, std::string_view name) {
  std::vector<std::string> missing;
  for (const auto& needle : needles(m))
    if (text.find(needle) == std::string_view::npos) missing.push_back(in_quotes(needle));
  if (missing.empty()) return {};
  return failed(std::string(name) + " does not contain " + list_of(missing));
}

MatchResult check_not_contains(const spec::Matcher& m, std::string_view text,
                               std::string_view name) {
  std::string message;
  for (const auto& needle : needles(m)) {
    const auto at = text.find(needle);
    if (at == std::string_view::npos) continue;
    const auto begin = text.rfind('\n', at) + 1;  // npos + 1 == 0: the first line
    const auto end = text.find('\n', at);
    const auto line = std::count(text.begin(), text.begin() + at, '\n') + 1;
    if (!message.empty()) message += '\n';
    message += std::string(name) + " should not contain " + in_quotes(needle) + " but line " +
               std::to_string(line) + " has it: " + in_quotes(text.substr(begin, end - begin));
  }
  return message.empty() ? MatchResult{} : failed(message);
}

MatchResult check_matches(const spec::Matcher& m, std::string_view text, std::string_view name) {
  const auto re = compile_regex(m.text, m.normalize);
  if (!re->ok()) return failed(bad_regex_message(name, *re));
  if (RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re)) return {};
  return failed(std::string(name) + " does not match " + slashed(m.text) + "; it was " +
                (text.empty() ? std::string("empty") : in_quotes(text)));
}

MatchResult check_differs(std::string_view expected, std::string_view text, std::string what) {
  if (text == expected) return {};
  return failed(std::move(what), unified_diff(expected, text));
}

MatchResult check_text(const spec::Matcher& m, std::string_view text, std::string_view name,
                       const std::string* reference) {
  const std::string stream(name);
  switch (m.kind) {
    case Kind::equals:
      return check_differs(normalize(m.text, m.normalize), text,
                           stream + " differs from the expected output");
    case Kind::contains:
      return check_contains(m, text, name);
    case Kind::not_contains:
      return check_not_contains(m, text, name);
    case Kind::matches:
      return check_matches(m, text, name);
    case Kind::lines:
      return check_lines(m, text, name);
    case Kind::unordered_lines:
      return check_unordered_lines(m, text, name);
    case Kind::in_order:
      return check_in_order(m, text, name);
    case Kind::line_count:
      return check_line_count(m, text, name);
    case Kind::numbers:
      return check_numbers(m, text, name);
    case Kind::same_as_reference:
      if (!reference) return failed("no reference output to compare with");
      return check_differs(normalize(*reference, m.normalize), text,
                           stream + " differs from the reference program's output");
    case Kind::empty:
      if (text.empty()) return {};
      return failed(stream + " should be empty but has " + count_of(text.size(), "byte") +
                    " after normalising: " + in_quotes(text));
    default:
      return failed("internal: " + stream + " matcher has no text check");
  }
}

MatchResult check_sha256(const spec::Matcher& m, const StreamCapture& stream,
                         std::string_view name) {
  std::string seen = stream.sha256_hex();
  if (seen.empty()) {
    // The engine asked for no streamed hash; the kept text still has it all.
    if (!stream.complete()) return failed(cut_message(stream, name));
    seen = sha256_hex(stream.text());
  }
  const std::string expected = normalize(m.text, spec::kCase);
  if (seen == expected) return {};
  return failed(std::string(name) + "'s SHA-256 is " + short_hash(seen) + ", expected " +
                short_hash(expected));
}

MatchResult check_streamed(const spec::Matcher& m, const StreamCapture& stream,
                           std::string_view name) {
  const std::string stream_name(name);
  const auto total = stream.total_bytes();
  switch (m.kind) {
    case Kind::sha256:
      return check_sha256(m, stream, name);
    case Kind::bytes:
      if (static_cast<std::int64_t>(total) == m.count) return {};
      return failed("expected " + count_of(static_cast<std::uint64_t>(m.count), "byte") + " on " +
                    stream_name + ", got " + std::to_string(total));
    case Kind::same_as_stdin:
      if (!stream.compares_with_stdin())
        return failed("internal: " + stream_name + " was not compared with stdin");
      if (!stream.stdin_mismatch()) return {};
      return failed(stream_name + " is not a copy of stdin: " + *stream.stdin_mismatch());
    default:  // empty, without normalisation
      if (total == 0) return {};
      return failed(stream_name + " should be empty but has " + count_of(total, "byte") +
                    (stream.text().empty() ? "" : ": " + in_quotes(stream.text())));
  }
}

}  // namespace

bool needs_text(const spec::Matcher& matcher) {
  switch (matcher.kind) {
    case Kind::sha256:
    case Kind::bytes:
    case Kind::same_as_stdin:
      return false;
    case Kind::empty:
      return matcher.normalize != spec::kNormalizeNone;
    default:
      return true;
  }
}

MatchResult check_matcher(const spec::Matcher& matcher, const StreamCapture& stream,
                          std::string_view stream_name, const std::string* reference) {
  if (!needs_text(matcher)) return check_streamed(matcher, stream, stream_name);
  if (!stream.complete()) return failed(cut_message(stream, stream_name));
  if (matcher.normalize == spec::kNormalizeNone)
    return check_text(matcher, stream.text(), stream_name, reference);
  const std::string text = normalize(stream.text(), matcher.normalize);
  return check_text(matcher, text, stream_name, reference);
}

}  // namespace ipcgrade
