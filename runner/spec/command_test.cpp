#include "spec/command.h"

#include <catch2/catch.hpp>

namespace ipcgrade::spec {
namespace {

using Words = std::vector<std::string>;

Words words_of(std::string_view text) {
  const SplitCommand split = split_command(text);
  REQUIRE_FALSE(split.error);
  return split.words;
}

TEST_CASE("a command splits at blanks", "[spec]") {
  CHECK(words_of("msgq_sender  ${key}\tx\n") == Words{"msgq_sender", "${key}", "x"});
  CHECK(words_of("   ").empty());
}

TEST_CASE("quotes group words and keep their text", "[spec]") {
  CHECK(words_of("echo 'a  b' \"c d\" e'f g'h") == Words{"echo", "a  b", "c d", "ef gh"});
  CHECK(words_of("printf '' x") == Words{"printf", "", "x"});
  CHECK(words_of("sh -c 'echo \"$1\"'") == Words{"sh", "-c", "echo \"$1\""});
  CHECK(words_of("echo '\\n'") == Words{"echo", "\\n"});
}

TEST_CASE("backslashes escape outside quotes and \\\" \\\\ inside double quotes", "[spec]") {
  CHECK(words_of("a\\ b c\\'d") == Words{"a b", "c'd"});
  CHECK(words_of("\"say \\\"hi\\\" \\\\ \\n\"") == Words{"say \"hi\" \\ \\n"});
}

TEST_CASE("an unterminated quote is an error", "[spec]") {
  CHECK(split_command("echo 'abc").error == "unterminated single quote in command");
  CHECK(split_command("echo \"abc").error == "unterminated double quote in command");
  CHECK(split_command("echo \"a\\\"").error == "unterminated double quote in command");
}

TEST_CASE("commands are found on the programs' PATH only", "[spec]") {
  CHECK(is_on_program_path("cat"));
  CHECK(is_on_program_path("sh"));
  CHECK_FALSE(is_on_program_path("no-such-command-here"));
  CHECK_FALSE(is_on_program_path("/bin/cat"));
  CHECK_FALSE(is_on_program_path(""));
}

}  // namespace
}  // namespace ipcgrade::spec
