// The line-based matchers: lines, unordered_lines, in_order, line_count.
// Each takes the output already normalised by the matcher's flags.
#pragma once

#include <string_view>

#include "judge/matchers.h"
#include "spec/model.h"

namespace ipcgrade {

MatchResult check_lines(const spec::Matcher& matcher, std::string_view text,
                        std::string_view stream);
MatchResult check_unordered_lines(const spec::Matcher& matcher, std::string_view text,
                                  std::string_view stream);
MatchResult check_in_order(const spec::Matcher& matcher, std::string_view text,
                           std::string_view stream);
MatchResult check_line_count(const spec::Matcher& matcher, std::string_view text,
                             std::string_view stream);

}  // namespace ipcgrade
