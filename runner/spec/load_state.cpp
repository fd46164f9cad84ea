// Strings and references that can only be checked once a whole test is
// read: variables (captures may come from a later process), process ids
// and captured names.
#include <re2/re2.h>

#include <algorithm>

#include "spec/parse.h"
#include "spec/variables.h"

namespace ipcgrade::spec {
namespace {

constexpr std::string_view kSuiteDirMessage =
    "student programs cannot read the suite directory; pass data through files or stdin";

void check_string(LoadState& st, const StringUse& use) {
  if (auto bad = unterminated_variable(use.text)) {
    st.error(use.pos, "unterminated variable '" + *bad + "'");
    return;
  }
  // Test-level strings given to processes are files in the scratch
  // directory, which student programs read as well.
  const bool student =
      use.to_process &&
      (use.process < 0 || (static_cast<std::size_t>(use.process) < st.test.student.size() &&
                           st.test.student[use.process]));
  for (const std::string& name : variables_in(use.text)) {
    if (is_builtin_variable(name)) {
      if (student && (name == "suite_dir" || name == "reference_dir")) {
        st.error(use.pos, std::string(kSuiteDirMessage));
      }
    } else if (!st.test.captures.count(name)) {
      st.error(use.pos, "unknown variable '${" + name + "}'");
    }
  }
}

}  // namespace

void note_text(LoadState& st, const std::string& text, const YamlNode& at, bool to_process) {
  if (text.find('$') == std::string::npos) return;
  st.test.strings.push_back({text, st.pos(at), st.test.process, to_process});
}

std::optional<std::string> read_text(LoadState& st, const YamlNode& node, bool to_process) {
  auto text = read_string(st, node);
  if (text) note_text(st, *text, node, to_process);
  return text;
}

std::optional<std::string> read_regex(LoadState& st, const YamlNode& node, int* groups) {
  auto text = read_text(st, node);
  if (!text) return std::nullopt;
  // Variables are expanded when the test runs; any digits stand in for
  // their values here, so that the rest of the pattern is checked now.
  std::map<std::string, std::string> stand_ins;
  for (const std::string& name : variables_in(*text)) stand_ins[name] = "0";
  RE2::Options options;
  options.set_log_errors(false);
  const RE2 re(expand(*text, stand_ins), options);
  if (!re.ok()) {
    st.error(node, "invalid regex '" + *text + "': " + re.error());
    return std::nullopt;
  }
  if (groups) *groups = re.NumberOfCapturingGroups();
  return text;
}

void check_test_scope(LoadState& st, const TestSpec& test) {
  Names ids;
  for (const ProcessSpec& process : test.processes) ids.push_back(process.id);
  for (const NameUse& use : st.test.process_refs) {
    if (std::find(ids.begin(), ids.end(), use.name) == ids.end()) {
      st.error(use.pos, "unknown process id '" + use.name + "'" + suggestion(use.name, ids));
    }
  }
  Names captured;
  for (const auto& [name, pos] : st.test.captures) captured.push_back(name);
  for (const NameUse& use : st.test.captured_refs) {
    if (!st.test.captures.count(use.name)) {
      st.error(use.pos,
               "unknown captured variable '" + use.name + "'" + suggestion(use.name, captured));
    }
  }
  for (const StringUse& use : st.test.strings) check_string(st, use);
}

}  // namespace ipcgrade::spec
