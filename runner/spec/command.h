// A `run:` string split into words the way a shell would, without a shell:
// no globbing, pipes or redirection, only quoting. Variables are expanded
// later, word by word, so `${scratch}/a b` stays two words whatever the
// scratch path holds.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ipcgrade::spec {

struct SplitCommand {
  std::vector<std::string> words;
  std::optional<std::string> error;  // e.g. "unterminated single quote in command"
};

// Words are separated by blanks. 'single quotes' keep everything; "double
// quotes" keep everything but `\"` and `\\`; outside quotes a backslash
// keeps the next character.
SplitCommand split_command(std::string_view text);

// The PATH every program under test gets (spec-format.md, "Environment").
inline constexpr std::string_view kProgramPath = "/usr/local/bin:/usr/bin:/bin";

// True when `name` is an executable file in one of kProgramPath's folders.
bool is_on_program_path(const std::string& name);

}  // namespace ipcgrade::spec
