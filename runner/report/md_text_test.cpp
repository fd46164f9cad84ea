#include "report/md_text.h"

#include <catch2/catch.hpp>

using namespace ipcgrade;

TEST_CASE("inline Markdown escapes markup and stays on one line", "[report]") {
  CHECK(md_inline("bad&name") == "bad\\&name");
  CHECK(md_inline("a|b *c* _d_ `e` [f](g) <h> ~i~ $j$ \\") ==
        "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) \\<h\\> \\~i\\~ \\$j\\$ \\\\");
  CHECK(md_inline("one\ntwo") == "one two");
  CHECK(md_inline("stdout did not match: expected 3 bytes, saw 2.") ==
        "stdout did not match: expected 3 bytes, saw 2.");
}

TEST_CASE("a fence is longer than any backtick run inside", "[report]") {
  CHECK(md_fenced("a\n", "diff") == "```diff\na\n```\n");
  CHECK(md_fenced("no newline") == "```text\nno newline\n```\n");
  CHECK(md_fenced("x ```` y") == "`````text\nx ```` y\n`````\n");
}

TEST_CASE("a labelled text is a paragraph, or fenced when it spans lines", "[report]") {
  CHECK(md_labelled("Hint:", "use *msgctl*\n") == "**Hint:** use \\*msgctl\\*\n\n");
  CHECK(md_labelled("[build] relay:", "relay.c:3: error\n  }\n") ==
        "**\\[build\\] relay:**\n\n```text\nrelay.c:3: error\n  }\n```\n\n");
}
