#include "spec/variables.h"

#include <algorithm>
#include <array>

#include "spec/loader.h"

namespace ipcgrade::spec {
namespace {

// Calls `on_text` for literal text and `on_var` for each variable, so that
// listing and expanding share one reading of the syntax.
template <typename OnText, typename OnVar>
void scan(std::string_view text, OnText on_text, OnVar on_var) {
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t dollar = text.find('$', i);
    if (dollar == std::string_view::npos || dollar + 1 >= text.size()) {
      on_text(text.substr(i));
      return;
    }
    on_text(text.substr(i, dollar - i));
    const char next = text[dollar + 1];
    const std::size_t close = next == '{' ? text.find('}', dollar + 2) : std::string_view::npos;
    if (next == '$') {
      on_text("$");
      i = dollar + 2;
    } else if (close != std::string_view::npos) {
      on_var(text.substr(dollar + 2, close - dollar - 2));
      i = close + 1;
    } else {
      on_text("$");
      i = dollar + 1;
    }
  }
}

}  // namespace

std::vector<std::string> variables_in(std::string_view text) {
  std::vector<std::string> names;
  scan(
      text, [](std::string_view) {},
      [&](std::string_view name) {
        if (std::find(names.begin(), names.end(), name) == names.end()) names.emplace_back(name);
      });
  return names;
}

std::string expand(std::string_view text, const std::map<std::string, std::string>& vars,
                   std::string* missing) {
  std::string out;
  scan(
      text, [&](std::string_view literal) { out += literal; },
      [&](std::string_view name) {
        const auto it = vars.find(std::string(name));
        if (it != vars.end()) {
          out += it->second;
        } else if (missing && missing->empty()) {
          *missing = name;
        }
      });
  return out;
}

std::optional<std::string> unterminated_variable(std::string_view text) {
  std::size_t i = 0;
  while ((i = text.find('$', i)) != std::string_view::npos && i + 1 < text.size()) {
    if (text[i + 1] == '$') {
      i += 2;
      continue;
    }
    if (text[i + 1] == '{') {
      const std::size_t close = text.find('}', i + 2);
      if (close == std::string_view::npos) {
        const std::size_t end = text.find_first_of(" \t\n", i);
        return std::string(text.substr(i, end == std::string_view::npos ? end : end - i));
      }
      i = close + 1;
      continue;
    }
    ++i;
  }
  return std::nullopt;
}

bool is_builtin_variable(const std::string& name) {
  static constexpr std::array<std::string_view, 7> kBuiltins = {
      "scratch", "test", "key", "port", "submission_dir", "suite_dir", "reference_dir"};
  return std::find(kBuiltins.begin(), kBuiltins.end(), name) != kBuiltins.end();
}

}  // namespace ipcgrade::spec
