// `${name}` variables in suite strings (spec-format.md, "Variables").
// `$$` is a literal `$`; a `$` before anything else is kept as it is.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ipcgrade::spec {

// The names of the variables `text` uses, each once, in order of use.
std::vector<std::string> variables_in(std::string_view text);

// `text` with every variable replaced by its value. An unknown variable
// expands to nothing and, if `missing` is given and still empty, its name
// is stored there, so callers can report the first one.
std::string expand(std::string_view text, const std::map<std::string, std::string>& vars,
                   std::string* missing = nullptr);

// The `${...` that is never closed, if any ("${key" for "a ${key b").
std::optional<std::string> unterminated_variable(std::string_view text);

}  // namespace ipcgrade::spec
