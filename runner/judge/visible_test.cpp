#include "judge/visible.h"

#include <catch2/catch.hpp>

using ipcgrade::visible;

TEST_CASE("visible keeps text, tabs and newlines", "[visible]") {
  CHECK(visible("a\tb\nc") == "a\tb\nc");
  CHECK(visible("\xC3\xA9t\xC3\xA9") == "\xC3\xA9t\xC3\xA9");  // été
}

TEST_CASE("visible shows control bytes as \\xNN", "[visible]") {
  CHECK(visible(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(visible("\x1b[31m") == "\\x1b[31m");
  CHECK(visible("\r\x7f") == "\\x0d\\x7f");
}

TEST_CASE("visible replaces invalid UTF-8 with U+FFFD", "[visible]") {
  CHECK(visible("\xff") == "\xEF\xBF\xBD");
  CHECK(visible("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong '/'
  CHECK(visible("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  CHECK(visible("ok\xE2\x82") == "ok\xEF\xBF\xBD\xEF\xBF\xBD");  // truncated
}

TEST_CASE("visible_excerpt says how much it left out", "[visible]") {
  CHECK(ipcgrade::visible_excerpt("abcdef", 3) == "abc... (3 more bytes)");
  CHECK(ipcgrade::visible_excerpt("abc", 3) == "abc");
}
