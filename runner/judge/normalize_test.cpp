#include <catch2/catch.hpp>

#include "judge/matchers.h"

using ipcgrade::normalize;
namespace spec = ipcgrade::spec;

TEST_CASE("normalize without flags keeps the text", "[judge]") {
  CHECK(normalize("A \r\n\n", spec::kNormalizeNone) == "A \r\n\n");
}

TEST_CASE("crlf turns CRLF into LF, and only before a newline", "[judge]") {
  CHECK(normalize("a\r\nb\r\n", spec::kCrlf) == "a\nb\n");
  CHECK(normalize("a\rb\r", spec::kCrlf) == "a\rb\r");
}

TEST_CASE("trailing_space drops spaces and tabs at line ends", "[judge]") {
  CHECK(normalize("a \t\n b  \nc ", spec::kTrailingSpace) == "a\n b\nc");
  CHECK(normalize("a \r\n", spec::kTrailingSpace | spec::kCrlf) == "a\n");
}

TEST_CASE("blank_lines drops empty and whitespace-only lines", "[judge]") {
  CHECK(normalize("\na\n  \n\t\nb\n\n", spec::kBlankLines) == "a\nb\n");
  CHECK(normalize("a\n   ", spec::kBlankLines) == "a\n");
}

TEST_CASE("case lowers ASCII letters only", "[judge]") {
  CHECK(normalize("Hello \xC3\x89T\xC3\x89", spec::kCase) == "hello \xC3\x89t\xC3\x89");
}

TEST_CASE("final_newline counts a missing final newline as present", "[judge]") {
  CHECK(normalize("a\nb", spec::kFinalNewline) == "a\nb\n");
  CHECK(normalize("a\n", spec::kFinalNewline) == "a\n");
  CHECK(normalize("", spec::kFinalNewline) == "");
}
