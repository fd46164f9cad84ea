// The `numbers` matcher: every number in the output, compared in order with
// the expected ones within an absolute or relative tolerance.
#pragma once

#include <string_view>
#include <vector>

#include "judge/matchers.h"
#include "spec/model.h"

namespace ipcgrade {

struct FoundNumber {
  std::string_view text;  // as written in the output
  double value = 0;
};

// Integers, decimals (`3.`, `.5`), exponents (`1e-3`) and signs. A sign
// counts only where it cannot be a separator, i.e. not right after a letter,
// digit or dot: "2024-01-05" holds 2024, 01 and 05, all positive.
std::vector<FoundNumber> find_numbers(std::string_view text);

MatchResult check_numbers(const spec::Matcher& matcher, std::string_view text,
                          std::string_view stream);

}  // namespace ipcgrade
