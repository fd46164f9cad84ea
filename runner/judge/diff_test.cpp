#include "judge/diff.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

using ipcgrade::DiffOptions;
using ipcgrade::unified_diff;

namespace {

std::string numbered_lines(int count, const std::string& prefix) {
  std::string text;
  for (int i = 1; i <= count; ++i) text += prefix + std::to_string(i) + "\n";
  return text;
}

std::size_t line_count(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE("equal texts have no diff", "[judge]") {
  CHECK(unified_diff("", "") == "");
  CHECK(unified_diff("a\nb\n", "a\nb\n") == "");
}

TEST_CASE("a changed line shows with its context", "[judge]") {
  CHECK(unified_diff("a\nb\nc\n", "a\nB\nc\n") ==
        "--- expected\n+++ actual\n"
        "@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
}

TEST_CASE("added and removed lines use GNU ranges", "[judge]") {
  CHECK(unified_diff("", "x\n") == "--- expected\n+++ actual\n@@ -0,0 +1 @@\n+x\n");
  CHECK(unified_diff("a\nb\n", "a\n") == "--- expected\n+++ actual\n@@ -1,2 +1 @@\n a\n-b\n");
  CHECK(unified_diff("a\nc\n", "a\nb\nc\n") ==
        "--- expected\n+++ actual\n@@ -1,2 +1,3 @@\n a\n+b\n c\n");
}

TEST_CASE("a missing final newline is visible", "[judge]") {
  CHECK(unified_diff("a\nb\n", "a\nb") ==
        "--- expected\n+++ actual\n"
        "@@ -1,2 +1,2 @@\n a\n-b\n+b\n\\ No newline at end of file\n");
}

TEST_CASE("control bytes in diff lines are shown as \\xNN", "[judge]") {
  CHECK(unified_diff("ok\n", "ok\r\n") == "--- expected\n+++ actual\n@@ -1 +1 @@\n-ok\n+ok\\x0d\n");
  CHECK(unified_diff("a\n", std::string("a\0\n", 3)) ==
        "--- expected\n+++ actual\n@@ -1 +1 @@\n-a\n+a\\x00\n");
}

TEST_CASE("distant changes make separate hunks, close ones share one", "[judge]") {
  const std::string expected = numbered_lines(20, "l");
  std::string actual = expected;
  actual.replace(actual.find("l2\n"), 3, "X2\n");
  actual.replace(actual.find("l18\n"), 4, "X18\n");
  CHECK(unified_diff(expected, actual) ==
        "--- expected\n+++ actual\n"
        "@@ -1,5 +1,5 @@\n l1\n-l2\n+X2\n l3\n l4\n l5\n"
        "@@ -15,6 +15,6 @@\n l15\n l16\n l17\n-l18\n+X18\n l19\n l20\n");
  std::string close = expected;
  close.replace(close.find("l5\n"), 3, "X5\n");
  close.replace(close.find("l11\n"), 4, "X11\n");
  const std::string merged = unified_diff(expected, close);
  CHECK(merged.find("@@ -2,13 +2,13 @@\n") != std::string::npos);
  CHECK(line_count(merged) == 2 + 1 + 13 + 2);
}

TEST_CASE("the context option sets the lines around a change", "[judge]") {
  DiffOptions options;
  options.context = 0;
  CHECK(unified_diff("a\nb\nc\n", "a\nB\nc\n", options) ==
        "--- expected\n+++ actual\n@@ -2 +2 @@\n-b\n+B\n");
}

TEST_CASE("a long diff is cut with a count of what was left out", "[judge]") {
  DiffOptions options;
  options.max_lines = 5;
  CHECK(unified_diff(numbered_lines(10, ""), numbered_lines(10, "x"), options) ==
        "--- expected\n+++ actual\n@@ -1,10 +1,10 @@\n-1\n-2\n... (18 more diff lines)\n");
}

TEST_CASE("big outputs that differ in one line diff exactly and quickly", "[judge]") {
  const std::string expected = numbered_lines(100000, "line ");
  std::string actual = expected;
  actual.replace(actual.find("line 50001\n"), 11, "line fifty\n");
  CHECK(unified_diff(expected, actual) ==
        "--- expected\n+++ actual\n"
        "@@ -49998,7 +49998,7 @@\n line 49998\n line 49999\n line 50000\n"
        "-line 50001\n+line fifty\n line 50002\n line 50003\n line 50004\n");
}

TEST_CASE("big outputs that differ everywhere diff only an excerpt", "[judge]") {
  const std::string diff = unified_diff(numbered_lines(100000, "a"), numbered_lines(100000, "b"));
  CHECK(diff.rfind("--- expected\n+++ actual\n@@ -1,2000 +1,2000 @@\n-a1\n-a2\n", 0) == 0);
  CHECK(line_count(diff) == 40 + 2);
  CHECK(diff.find("... (3963 more diff lines)\n") != std::string::npos);
  CHECK(diff.find("... (a diff of an excerpt from line 1: expected has 100000 lines, actual has "
                  "100000)\n") != std::string::npos);
}

TEST_CASE("a big output against a small one is diffed in full", "[judge]") {
  const std::string diff = unified_diff("a\n", numbered_lines(100000, "b"));
  CHECK(diff.rfind("--- expected\n+++ actual\n@@ -1 +1,100000 @@\n-a\n+b1\n", 0) == 0);
  CHECK(diff.find("... (99964 more diff lines)\n") != std::string::npos);
  CHECK(diff.find("excerpt") == std::string::npos);
}

TEST_CASE("very long lines are cut in the diff", "[judge]") {
  const std::string diff = unified_diff("a\n", std::string(10000, 'x') + "\n");
  CHECK(diff.find("+" + std::string(300, 'x') + "... (9700 more bytes)\n") != std::string::npos);
}

TEST_CASE("more expected lines than actual ones diff the right way round", "[judge]") {
  CHECK(unified_diff("a\nb\nc\nd\n", "a\nX\nd\n") ==
        "--- expected\n+++ actual\n@@ -1,4 +1,3 @@\n a\n-b\n-c\n+X\n d\n");
}

namespace {

// Rebuilds `actual` from `expected` and a diff's hunks, checking each
// context and removed line against `expected` on the way.
std::string apply_diff(const std::string& expected, const std::string& diff) {
  std::vector<std::string> old_lines;
  for (std::size_t pos = 0; pos < expected.size();) {
    const auto end = expected.find('\n', pos);
    old_lines.push_back(expected.substr(pos, end - pos));
    pos = end + 1;
  }
  std::vector<std::string> out;
  std::size_t next = 0;  // the next expected line not yet copied
  std::size_t pos = diff.find("@@");
  while (pos < diff.size()) {
    const auto end = diff.find('\n', pos);
    const std::string line = diff.substr(pos, end - pos);
    pos = end + 1;
    if (line.rfind("@@ -", 0) == 0) {
      std::size_t start = std::stoul(line.substr(4));
      const auto comma = line.find(',');
      const bool empty_range = comma < line.find(' ', 4) && line[comma + 1] == '0';
      if (!empty_range) --start;  // a non-empty range names its first line, 1-based
      while (next < start) out.push_back(old_lines[next++]);
    } else if (line[0] == '+') {
      out.push_back(line.substr(1));
    } else {
      REQUIRE(old_lines.at(next) == line.substr(1));
      if (line[0] == ' ') out.push_back(line.substr(1));
      ++next;
    }
  }
  while (next < old_lines.size()) out.push_back(old_lines[next++]);
  std::string text;
  for (const auto& l : out) text += l + "\n";
  return text;
}

}  // namespace

TEST_CASE("diffs of many small texts rebuild the actual text", "[judge]") {
  DiffOptions options;
  options.max_lines = 1000;
  std::uint32_t seed = 12345;
  const auto random_text = [&seed] {
    std::string text;
    seed = seed * 1103515245 + 12345;
    const int lines = static_cast<int>(seed >> 16) % 12;
    for (int i = 0; i < lines; ++i) {
      seed = seed * 1103515245 + 12345;
      text += static_cast<char>('a' + (seed >> 16) % 4);
      text += '\n';
    }
    return text;
  };
  for (int round = 0; round < 300; ++round) {
    const std::string expected = random_text();
    const std::string actual = random_text();
    options.context = static_cast<std::size_t>(round % 4);
    INFO("expected " << expected << "actual " << actual);
    CHECK(apply_diff(expected, unified_diff(expected, actual, options)) == actual);
  }
}
