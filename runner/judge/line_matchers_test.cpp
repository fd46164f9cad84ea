#include "judge/line_matchers.h"

#include <catch2/catch.hpp>
#include <string>

using ipcgrade::MatchResult;
namespace spec = ipcgrade::spec;
using Kind = spec::Matcher::Kind;

namespace {

spec::Matcher matcher(Kind kind, unsigned flags = spec::kNormalizeNone) {
  spec::Matcher m;
  m.kind = kind;
  m.normalize = flags;
  return m;
}

// The output is given as the caller of these checks gives it: normalised.
MatchResult check_line_kind(const spec::Matcher& m, std::string_view output) {
  const std::string text = ipcgrade::normalize(output, m.normalize);
  switch (m.kind) {
    case Kind::lines:
      return ipcgrade::check_lines(m, text, "stdout");
    case Kind::unordered_lines:
      return ipcgrade::check_unordered_lines(m, text, "stdout");
    case Kind::in_order:
      return ipcgrade::check_in_order(m, text, "stdout");
    default:
      return ipcgrade::check_line_count(m, text, "stdout");
  }
}

}  // namespace

TEST_CASE("lines holds for exactly these lines, each ending in a newline", "[judge]") {
  spec::Matcher m = matcher(Kind::lines);
  m.lines = {{"Receive: this", false}, {"^Receive: .*$", true}, {"Receive: end", false}};
  CHECK(check_line_kind(m, "Receive: this\nReceive: is\nReceive: end\n").ok);

  const MatchResult fewer = check_line_kind(m, "Receive: this\nReceive: end\n");
  CHECK(fewer.message == "stdout has 2 lines, expected 3");
  CHECK(fewer.diff ==
        "--- expected\n+++ actual\n"
        "@@ -1,3 +1,2 @@\n Receive: this\n-/^Receive: .*$/\n Receive: end\n");

  CHECK(check_line_kind(m, "Receive: this\nSend: is\nReceive: end\n").message ==
        "stdout line 2 does not match /^Receive: .*$/");
  const MatchResult changed = check_line_kind(m, "Receive: that\nReceive: is\nReceive: end\n");
  CHECK(changed.message == "stdout line 1 is \"Receive: that\", expected \"Receive: this\"");
  CHECK(changed.diff ==
        "--- expected\n+++ actual\n"
        "@@ -1,3 +1,3 @@\n-Receive: this\n+Receive: that\n Receive: is\n Receive: end\n");
  const MatchResult unterminated = check_line_kind(m, "Receive: this\nReceive: is\nReceive: end");
  CHECK(unterminated.message == "stdout's last line \"Receive: end\" does not end with a newline");
  CHECK(unterminated.diff.find("\\ No newline at end of file") != std::string::npos);
}

TEST_CASE("lines honours normalisation on both sides", "[judge]") {
  spec::Matcher m = matcher(Kind::lines, spec::kCase | spec::kFinalNewline | spec::kBlankLines);
  m.lines = {{"A", false}, {"", false}, {"b+", true}};
  CHECK(check_line_kind(m, "a\n\nBBB").ok);
}

TEST_CASE("unordered_lines compares multisets of lines", "[judge]") {
  spec::Matcher m = matcher(Kind::unordered_lines);
  m.lines = {{"a", false}, {"a", false}, {"b", false}};
  CHECK(check_line_kind(m, "b\na\na\n").ok);
  CHECK(
      check_line_kind(m, "b\na\nc\n").message ==
      "stdout does not have the expected lines (in any order)\nmissing: \"a\"\nunexpected: \"c\"");
  CHECK(check_line_kind(m, "a\nb\n").message ==
        "stdout has 2 lines, expected 3 (in any order)\nmissing: \"a\"");
  CHECK(check_line_kind(m, "a\nb\na").message ==
        "stdout's last line \"a\" does not end with a newline");
}

TEST_CASE("unordered_lines finds an assignment of lines to regexes", "[judge]") {
  // A greedy pass gives "ab" to /a./ and leaves "ac" to /ab/, which fails.
  spec::Matcher m = matcher(Kind::unordered_lines);
  m.lines = {{"a.", true}, {"ab", true}};
  CHECK(check_line_kind(m, "ab\nac\n").ok);
  CHECK(
      check_line_kind(m, "ac\nad\n").message ==
      "stdout does not have the expected lines (in any order)\nmissing: /ab/\nunexpected: \"ad\"");
}

TEST_CASE("in_order finds the lines as a subsequence", "[judge]") {
  spec::Matcher m = matcher(Kind::in_order);
  m.lines = {{"a", false}, {"b", false}, {"c", false}};
  CHECK(check_line_kind(m, "a\nx\nb\ny\nc").ok);
  CHECK(check_line_kind(m, "a\nb\n").message == "stdout has no line \"c\" after line 2 (\"b\")");
  CHECK(check_line_kind(m, "c\na\nb\n").message ==
        "stdout has no line \"c\" after line 3 (\"b\"); it appears earlier, at line 1");
  spec::Matcher re = matcher(Kind::in_order);
  re.lines = {{"^x", true}};
  CHECK(check_line_kind(re, "a\n").message == "stdout has no line matching /^x/");
}

TEST_CASE("line_count counts a last line without newline", "[judge]") {
  spec::Matcher m = matcher(Kind::line_count);
  m.count = 2;
  CHECK(check_line_kind(m, "a\nb").ok);
  CHECK(check_line_kind(m, "a\n").message == "stdout has 1 line, expected 2");
  CHECK(check_line_kind(m, "").message == "stdout has 0 lines, expected 2");
}
