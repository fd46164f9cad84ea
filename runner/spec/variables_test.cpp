#include "spec/variables.h"

#include <catch2/catch.hpp>

#include "spec/loader.h"

namespace ipcgrade::spec {
namespace {

using Names = std::vector<std::string>;

TEST_CASE("variables_in lists each variable once, in order", "[spec]") {
  CHECK(variables_in("${scratch}/f ${key} ${scratch}") == Names{"scratch", "key"});
  CHECK(variables_in("cost $$5 and ${port}") == Names{"port"});
  CHECK(variables_in("$${key} is text").empty());
  CHECK(variables_in("$HOME $ ${").empty());
  CHECK(variables_in("${}") == Names{""});
}

TEST_CASE("expand replaces variables and keeps $$ as one $", "[spec]") {
  const std::map<std::string, std::string> vars = {{"key", "1234"}, {"scratch", "/s"}};
  CHECK(expand("${scratch}/q ${key}", vars) == "/s/q 1234");
  CHECK(expand("$$${key}$$", vars) == "$1234$");
  CHECK(expand("$HOME ${", vars) == "$HOME ${");
}

TEST_CASE("expand names the first unknown variable", "[spec]") {
  std::string missing;
  CHECK(expand("a ${nope} ${key} ${other}", {{"key", "1"}}, &missing) == "a  1 ");
  CHECK(missing == "nope");
  missing.clear();
  CHECK(expand("${key}", {{"key", "1"}}, &missing) == "1");
  CHECK(missing.empty());
}

TEST_CASE("an unterminated variable is found", "[spec]") {
  CHECK(unterminated_variable("run ${key x") == "${key");
  CHECK(unterminated_variable("tail ${key") == "${key");
  CHECK_FALSE(unterminated_variable("${key} $$ {x} $"));
}

TEST_CASE("the built-in variables are the documented ones", "[spec]") {
  for (const char* name :
       {"scratch", "test", "key", "port", "submission_dir", "suite_dir", "reference_dir"}) {
    CHECK(is_builtin_variable(name));
  }
  CHECK_FALSE(is_builtin_variable("home"));
  CHECK_FALSE(is_builtin_variable("Key"));
}

}  // namespace
}  // namespace ipcgrade::spec
