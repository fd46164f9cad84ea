// Quoting for command lines shown to people (the reproduce line), so that
// they can be pasted into a POSIX shell as they are.
#pragma once

#include <string>
#include <string_view>

namespace ipcgrade {

// `word` as one shell word: unchanged when it holds only safe characters,
// else in single quotes.
std::string shell_quote(std::string_view word);

}  // namespace ipcgrade
