#include "judge/matchers.h"

#include <catch2/catch.hpp>
#include <string>

using ipcgrade::check_matcher;
using ipcgrade::MatchResult;
using ipcgrade::StreamCapture;
namespace spec = ipcgrade::spec;
using Kind = spec::Matcher::Kind;

namespace {

StreamCapture captured(std::string_view text, std::size_t keep = 1 << 20) {
  StreamCapture capture(keep, true);
  capture.feed(text);
  capture.finish();
  return capture;
}

spec::Matcher matcher(Kind kind, std::string text = {}, unsigned flags = spec::kNormalizeNone) {
  spec::Matcher m;
  m.kind = kind;
  m.text = std::move(text);
  m.normalize = flags;
  return m;
}

spec::Matcher with_texts(Kind kind, std::vector<std::string> texts) {
  spec::Matcher m = matcher(kind);
  m.texts = std::move(texts);
  return m;
}

MatchResult check(const spec::Matcher& m, std::string_view output,
                  const std::string* reference = nullptr) {
  const StreamCapture capture = captured(output);
  return check_matcher(m, capture, "stdout", reference);
}

}  // namespace

TEST_CASE("equals holds for exactly the bytes and shows a diff otherwise", "[judge]") {
  CHECK(check(matcher(Kind::equals, "hello\n"), "hello\n").ok);
  const MatchResult r = check(matcher(Kind::equals, "hello\n"), "hullo\n");
  CHECK_FALSE(r.ok);
  CHECK(r.message == "stdout differs from the expected output");
  CHECK(r.diff == "--- expected\n+++ actual\n@@ -1 +1 @@\n-hello\n+hullo\n");
}

TEST_CASE("normalisation applies to both sides of equals", "[judge]") {
  const unsigned flags = spec::kTrailingSpace | spec::kFinalNewline | spec::kCase;
  CHECK(check(matcher(Kind::equals, "Hello", flags), "hello  ").ok);
  CHECK(check(matcher(Kind::equals, "a\nb\n", spec::kBlankLines), "\na\n\n  \nb\n").ok);
  CHECK(check(matcher(Kind::equals, "a\n", spec::kCrlf), "a\r\n").ok);
  CHECK_FALSE(check(matcher(Kind::equals, "a\n"), "a\r\n").ok);
}

TEST_CASE("contains names every missing string", "[judge]") {
  CHECK(check(with_texts(Kind::contains, {"Receive: end"}), "x Receive: end\n").ok);
  CHECK(check(with_texts(Kind::contains, {"Receive: end"}), "Receive: this\n").message ==
        "stdout does not contain \"Receive: end\"");
  CHECK(check(with_texts(Kind::contains, {"a", "b\n", "c"}), "c").message ==
        "stdout does not contain \"a\", \"b\\n\"");
  CHECK(check(with_texts(Kind::contains, {"\x1b[31m"}), "").message ==
        "stdout does not contain \"\\x1b[31m\"");
}

TEST_CASE("contains normalises the strings but adds no final newline to them", "[judge]") {
  spec::Matcher m = with_texts(Kind::contains, {"ABC"});
  m.normalize = spec::kCase | spec::kFinalNewline;
  CHECK(check(m, "xabcx").ok);
}

TEST_CASE("not_contains shows the line that has the string", "[judge]") {
  CHECK(check(with_texts(Kind::not_contains, {"error"}), "all good\n").ok);
  CHECK(check(with_texts(Kind::not_contains, {"error", "x"}), "ok\nan error here\nend\n").message ==
        "stdout should not contain \"error\" but line 2 has it: \"an error here\"");
}

TEST_CASE("matches searches the output with RE2", "[judge]") {
  CHECK(check(matcher(Kind::matches, R"((?m)^Sum: \d+$)"), "start\nSum: 12\n").ok);
  CHECK(check(matcher(Kind::matches, R"(^Sum: \d+$)"), "Sum = 5\n").message ==
        R"(stdout does not match /^Sum: \d+$/; it was "Sum = 5\n")");
  CHECK(check(matcher(Kind::matches, "x"), "").message ==
        "stdout does not match /x/; it was empty");
  CHECK(check(matcher(Kind::matches, "HELLO", spec::kCase), "Hello").ok);
  CHECK(check(matcher(Kind::matches, "x("), "x").message ==
        "the suite's regex /x(/ for stdout is invalid: missing ): x(");
}

TEST_CASE("empty shows what was written", "[judge]") {
  CHECK(check(matcher(Kind::empty), "").ok);
  CHECK(check(matcher(Kind::empty), "hello").message ==
        "stdout should be empty but has 5 bytes: \"hello\"");
  CHECK(check(matcher(Kind::empty, {}, spec::kBlankLines), "\n \n").ok);
  CHECK(check(matcher(Kind::empty), std::string(1000, 'x')).message ==
        "stdout should be empty but has 1000 bytes: \"" + std::string(200, 'x') +
            "\"... (800 more bytes)");
  CHECK(check(matcher(Kind::empty), "\xff\\\t\"").message ==
        "stdout should be empty but has 4 bytes: \"\xEF\xBF\xBD\\\\\\t\\\"\"");
}

TEST_CASE("same_as stdin reports the capture's comparison", "[judge]") {
  std::string stdin_bytes = "abcd";
  bool served = false;
  StreamCapture capture(100, false, [&](std::size_t) {
    std::string out = served ? "" : stdin_bytes;
    served = true;
    return out;
  });
  capture.feed("ab");
  capture.finish();
  CHECK(check_matcher(matcher(Kind::same_as_stdin), capture, "stdout").message ==
        "stdout is not a copy of stdin: output ended after 2 bytes; stdin has 4 bytes");
}

TEST_CASE("same_as reference compares with the reference output", "[judge]") {
  const std::string reference = "42\n";
  CHECK(check(matcher(Kind::same_as_reference), "42\n", &reference).ok);
  const MatchResult r = check(matcher(Kind::same_as_reference), "41\n", &reference);
  CHECK(r.message == "stdout differs from the reference program's output");
  CHECK(r.diff == "--- expected\n+++ actual\n@@ -1 +1 @@\n-42\n+41\n");
  CHECK(check(matcher(Kind::same_as_reference), "42\n").message ==
        "no reference output to compare with");
}

TEST_CASE("sha256 and bytes use the streamed facts", "[judge]") {
  const char* abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  CHECK(check(matcher(Kind::sha256, abc), "abc").ok);
  CHECK(check(matcher(Kind::sha256,
                      "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD"),
              "abc")
            .ok);
  CHECK(check(matcher(Kind::sha256,
                      "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
              "abc")
            .message == "stdout's SHA-256 is ba7816bf\u2026, expected 9f86d081\u2026");
  StreamCapture unhashed(100);
  unhashed.feed("abc");
  unhashed.finish();
  CHECK(check_matcher(matcher(Kind::sha256, abc), unhashed, "stdout").ok);

  spec::Matcher bytes = matcher(Kind::bytes);
  bytes.count = 12;
  CHECK(check(bytes, "0123456789").message == "expected 12 bytes on stdout, got 10");
  CHECK(check(bytes, "0123456789ab").ok);
}

TEST_CASE("a text matcher on a cut capture says where it was cut", "[judge]") {
  const StreamCapture capture = captured("hello world", 4);
  CHECK(check_matcher(matcher(Kind::equals, "hello world"), capture, "stderr").message ==
        "stderr was cut at 4 bytes (it wrote 11), too long to check");
  spec::Matcher bytes = matcher(Kind::bytes);
  bytes.count = 11;
  CHECK(check_matcher(bytes, capture, "stderr").ok);
  CHECK(check_matcher(matcher(Kind::empty), capture, "stderr").message ==
        "stderr should be empty but has 11 bytes: \"hell\"");
}

TEST_CASE("needs_text is false only for streamed matchers", "[judge]") {
  CHECK_FALSE(ipcgrade::needs_text(matcher(Kind::sha256)));
  CHECK_FALSE(ipcgrade::needs_text(matcher(Kind::bytes)));
  CHECK_FALSE(ipcgrade::needs_text(matcher(Kind::same_as_stdin)));
  CHECK_FALSE(ipcgrade::needs_text(matcher(Kind::empty)));
  CHECK(ipcgrade::needs_text(matcher(Kind::empty, {}, spec::kBlankLines)));
  CHECK(ipcgrade::needs_text(matcher(Kind::lines)));
  CHECK(ipcgrade::needs_text(matcher(Kind::same_as_reference)));
}
