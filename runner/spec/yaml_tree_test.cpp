// The yaml-cpp 0.7 traps of decisions.md 10, each found and reported where
// the mistake is.
#include "spec/yaml_tree.h"

#include <catch2/catch.hpp>

#include "spec/spec_test_support.h"

namespace ipcgrade::spec {
namespace {

using testing::Errors;
using testing::errors_of;

TEST_CASE("a duplicate key is reported at the second one", "[spec]") {
  CHECK(errors_of("suite: a\ntests: []\nsuite: b\n") ==
        Errors{"s.yaml:3:1: duplicate key 'suite' (first at line 1)"});
}

TEST_CASE("a duplicate key deep inside a test is reported too", "[spec]") {
  const std::string yaml =
      "programs: [prog]\n"
      "tests:\n"
      "  - name: t\n"
      "    processes:\n"
      "      a: {run: prog}\n"
      "      a: {run: prog, exit: 1}\n";
  CHECK(errors_of(yaml) == Errors{"s.yaml:6:7: duplicate key 'a' (first at line 5)"});
}

TEST_CASE("an unterminated double quote is found although yaml-cpp accepts it", "[spec]") {
  const std::string yaml =
      "programs: [prog]\n"
      "tests:\n"
      "  - name: \"never closed\n"
      "    steps: [{run: prog}]\n";
  // Only the quote: everything after it is inside the string, so any other
  // finding would be a consequence.
  CHECK(errors_of(yaml) == Errors{"s.yaml:3:11: unterminated quoted string"});
}

TEST_CASE("an unterminated single quote is found as well", "[spec]") {
  CHECK(errors_of("title: 'oops\ntests: []\n") == Errors{"s.yaml:1:8: unterminated quoted string"});
}

TEST_CASE("a closed quote with escapes is not taken for an open one", "[spec]") {
  CHECK(errors_of("title: \"a \\\" b\"\ntests: []\n").empty());
  CHECK(errors_of("title: 'it''s'\ntests: []\n").empty());
}

TEST_CASE("an unclosed [ is reported where it was opened", "[spec]") {
  CHECK(errors_of("programs: [prog\ntests: []\n") ==
        Errors{"s.yaml:1:11: unclosed '[': expected ']' before the end of the file"});
}

TEST_CASE("an unclosed { is reported where it was opened", "[spec]") {
  const std::string yaml =
      "defaults:\n"
      "  limits: {cpu: 1s, memory: [1, 2]\n"
      "tests: []\n";
  CHECK(errors_of(yaml) ==
        Errors{"s.yaml:2:11: unclosed '{': expected '}' before the end of the file"});
}

TEST_CASE("an unterminated quote inside a flow list is named, not the list", "[spec]") {
  CHECK(errors_of("programs: [\"prog, other]\ntests: []\n") ==
        Errors{"s.yaml:1:12: unterminated quoted string"});
}

TEST_CASE("other syntax errors carry yaml-cpp's message at its position", "[spec]") {
  CHECK(errors_of("suite: a: b\n") == Errors{"s.yaml:1:9: illegal map value"});
  CHECK(errors_of("suite: a\n\ttests: []\n") ==
        Errors{"s.yaml:2:1: illegal tab when looking for indentation"});
}

TEST_CASE("a second document is reported", "[spec]") {
  CHECK(errors_of("tests: []\n---\ntests: []\n") ==
        Errors{"s.yaml:3:1: a suite file holds one YAML document; this is a second one"});
}

TEST_CASE("an empty file is not a suite", "[spec]") {
  CHECK(errors_of("") == Errors{"s.yaml:1:1: expected a map, got nothing"});
  CHECK(errors_of("# only a comment\n") == Errors{"s.yaml:1:1: expected a map, got nothing"});
}

TEST_CASE("find_unclosed ignores brackets in comments, plain text and block scalars", "[spec]") {
  CHECK_FALSE(find_unclosed("a: x[1] # [\nb: don't\nc: |\n  [ \"\nd: [1, [2]]\n"));
  const auto unclosed = find_unclosed("a: [1,\n  {b: 2}\n");
  REQUIRE(unclosed);
  CHECK(unclosed->opener == '[');
  CHECK(unclosed->line == 1);
  CHECK(unclosed->col == 4);
}

TEST_CASE("the tree keeps positions 1-based and an empty value at its key", "[spec]") {
  std::vector<Diagnostic> diagnostics;
  const auto root = parse_yaml("a:\n  b:\n  c: [x, y]\n", "t.yaml", diagnostics);
  REQUIRE(root);
  CHECK(diagnostics.empty());
  const YamlNode& inner = root->pairs.at(0).value;
  REQUIRE(inner.kind == YamlNode::Kind::map);
  CHECK(inner.pairs.at(0).value.kind == YamlNode::Kind::null);
  CHECK(inner.pairs.at(0).value.line == 2);
  CHECK(inner.pairs.at(0).value.col == 3);
  CHECK(inner.pairs.at(1).value.items.at(1).text == "y");
  CHECK(inner.pairs.at(1).value.items.at(1).col == 10);
}

}  // namespace
}  // namespace ipcgrade::spec
