// Short unified diffs of expected and actual output, line based, with
// visible markers for control bytes and a missing final newline.
#pragma once

#include <string>
#include <string_view>

namespace ipcgrade {

struct DiffOptions {
  std::size_t context = 3;     // lines of context around each change
  std::size_t max_lines = 40;  // the diff is cut after this many lines
};

// "" when equal. Headers are `--- expected` and `+++ actual`.
std::string unified_diff(std::string_view expected, std::string_view actual,
                         DiffOptions options = {});

}  // namespace ipcgrade
