#include "judge/number_matcher.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

using ipcgrade::check_numbers;
namespace spec = ipcgrade::spec;

TEST_CASE("every kind of number is found, signs only where they are signs", "[judge]") {
  const auto found = ipcgrade::find_numbers("x=-3, 2024-01-05 1e5 .5 5. +7 3e v2 - 8 1.2.3");
  std::vector<std::string> texts;
  std::vector<double> values;
  for (const auto& n : found) {
    texts.emplace_back(n.text);
    values.push_back(n.value);
  }
  CHECK(texts == std::vector<std::string>{"-3", "2024", "01", "05", "1e5", ".5", "5.", "+7", "3",
                                          "2", "8", "1.2", ".3"});
  CHECK(values == std::vector<double>{-3, 2024, 1, 5, 1e5, 0.5, 5, 7, 3, 2, 8, 1.2, 0.3});
}

TEST_CASE("numbers compares every number with a tolerance", "[judge]") {
  spec::Matcher m;
  m.kind = spec::Matcher::Kind::numbers;
  m.numbers = {1, 3.14, -2e3};
  m.tolerance = 0.01;
  CHECK(check_numbers(m, "x=1, pi=3.141 and -2.0E3\n", "stdout").ok);
  CHECK(check_numbers(m, "1 2 3", "stdout").message ==
        "stdout number 2 is 2, expected 3.14 (tolerance 0.01)");
  CHECK(check_numbers(m, "1 3.5 -2000", "stdout").message ==
        "stdout number 2 is 3.5, expected 3.14 (tolerance 0.01)");
  CHECK(check_numbers(m, "1 2", "stdout").message == "stdout has 2 numbers (1, 2), expected 3");
  CHECK(check_numbers(m, "none", "stdout").message == "stdout has 0 numbers, expected 3");
  CHECK(check_numbers(m, "1 2 3 4 5 6 7 8 9 10 11 12", "stdout").message ==
        "stdout has 12 numbers (1, 2, 3, 4, 5, 6, 7, 8, 9, 10 and 2 more), expected 3");
  m.relative = true;
  m.tolerance = 1e-3;
  CHECK(check_numbers(m, "1.0009 3.14 -2001", "stdout").ok);
  CHECK(check_numbers(m, "1.0011 3.14 -2000", "stdout").message ==
        "stdout number 1 is 1.0011, expected 1 (relative tolerance 0.001)");
}
