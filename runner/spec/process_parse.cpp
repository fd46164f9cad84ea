// One process of a test: its command and every check on it
// (spec-format.md, "Processes").
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "spec/command.h"
#include "spec/parse.h"

namespace ipcgrade::spec {
namespace {

using Kind = YamlNode::Kind;

const Names kProcessKeys = {"id",     "run",     "from",    "stdin",   "env",      "tty",
                            "start",  "signals", "capture", "timeout", "duration", "stdout",
                            "stderr", "exit",    "cpu",     "uses",    "not_uses"};

bool is_identifier(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(),
                     [](unsigned char c) { return std::isalnum(c) || c == '_'; });
}

bool is_absolute_executable(const std::string& path) {
  std::error_code ec;
  return !path.empty() && path[0] == '/' && std::filesystem::is_regular_file(path, ec) &&
         ::access(path.c_str(), X_OK) == 0;
}

// Reads `run` as a string split like a shell or as a list of words.
std::optional<std::vector<std::string>> read_command(LoadState& st, const YamlNode& node) {
  std::vector<std::string> words;
  if (node.kind == Kind::scalar) {
    SplitCommand split = split_command(node.text);
    if (split.error) {
      st.error(node, *split.error);
      return std::nullopt;
    }
    for (const std::string& word : split.words) note_text(st, word, node, true);
    words = std::move(split.words);
  } else if (node.kind == Kind::sequence) {
    for (const YamlNode& item : node.items) {
      if (auto word = read_text(st, item, true)) words.push_back(*word);
    }
  } else {
    st.error(node, "expected a string or a list, got " + describe(node));
    return std::nullopt;
  }
  if (words.empty()) {
    st.error(node, "a command needs a program to run");
    return std::nullopt;
  }
  return words;
}

// The first word must name something that can run; a student process is
// a suite program built from the student's code.
void check_program(LoadState& st, const MapReader& map, ProcessSpec& p) {
  const std::string& program = p.run.front();
  const bool ours = st.programs.count(program) || st.helpers.count(program);
  st.test.student.back() = !p.from_reference && st.programs.count(program);
  if (ours || program.find('$') != std::string::npos) return;
  if (!is_on_program_path(program) && !is_absolute_executable(program)) {
    st.error(
        *map.get("run"),
        "program '" + program + "' is not a program of this suite, a helper, or a command on PATH");
  } else if (p.from_reference) {
    st.error(*map.get("from"),
             "from: reference runs a program or helper of this suite, not '" + program + "'");
  }
}

void read_env(LoadState& st, const YamlNode& node, ProcessSpec& p) {
  for_each_entry(st, node, [&](const YamlNode& key, const YamlNode& value) {
    if (!is_identifier(key.text)) {
      st.error(key, "expected an environment variable name, got '" + key.text + "'");
    } else if (auto text = read_text(st, value, true)) {
      p.env[key.text] = *text;
    }
  });
}

void read_capture(LoadState& st, const YamlNode& node, ProcessSpec& p) {
  for_each_entry(st, node, [&](const YamlNode& key, const YamlNode& value) {
    const std::string& var = key.text;
    int groups = 0;
    auto regex = read_regex(st, value, &groups);
    if (!is_identifier(var)) {
      st.error(key, "expected a variable name (letters, digits and _), got '" + var + "'");
    } else if (is_builtin_variable(var)) {
      st.error(key, "'" + var + "' is a built-in variable; choose another name");
    } else if (auto first = st.test.captures.find(var); first != st.test.captures.end()) {
      st.error(key, "variable '" + var + "' is captured twice (first at line " +
                        std::to_string(first->second.line) + ")");
    } else {
      st.test.captures[var] = st.pos(key);
    }
    if (regex && groups != 1) {
      st.error(value, "a capture regex needs exactly one group, got " + std::to_string(groups));
    } else if (regex) {
      p.captures.push_back({var, *regex});
    }
  });
}

void read_duration_spec(LoadState& st, const YamlNode& node, DurationSpec& d) {
  const MapReader map(st, node, {"min", "max"});
  if (!map.ok()) return;
  if (map.present({"min", "max"}).empty()) st.error(node, "duration needs min or max");
  if (const YamlNode* min = map.get("min")) d.min = read_duration(st, *min);
  if (const YamlNode* max = map.get("max")) d.max = read_duration(st, *max);
  if (d.min && d.max && *d.min > *d.max) st.error(node, "duration min is above max");
}

void read_cpu(LoadState& st, const YamlNode& node, CpuSpec& cpu) {
  const MapReader map(st, node, {"max", "max_ratio"});
  if (!map.ok()) return;
  if (map.present({"max", "max_ratio"}).empty()) st.error(node, "cpu needs max or max_ratio");
  if (const YamlNode* max = map.get("max")) cpu.max = read_duration(st, *max);
  if (const YamlNode* ratio = map.get("max_ratio")) cpu.max_ratio = read_number(st, *ratio, 0.0);
}

void read_checks(LoadState& st, const MapReader& map, ProcessSpec& p) {
  if (const YamlNode* n = map.get("timeout")) p.timeout = read_duration(st, *n);
  if (const YamlNode* n = map.get("duration")) read_duration_spec(st, *n, p.duration);
  if (const YamlNode* n = map.get("stdout")) p.stdout_matchers = parse_matchers(st, *n);
  if (const YamlNode* n = map.get("stderr")) p.stderr_matchers = parse_matchers(st, *n);
  if (const YamlNode* n = map.get("exit")) p.exit = parse_exit(st, *n);
  if (const YamlNode* n = map.get("cpu")) read_cpu(st, *n, p.cpu);
  if (const YamlNode* n = map.get("uses")) p.uses = parse_uses(st, *n);
  if (const YamlNode* n = map.get("not_uses")) p.not_uses = parse_uses(st, *n);
}

}  // namespace

ProcessSpec parse_process(LoadState& st, const YamlNode& node, const std::string& id,
                          bool in_steps) {
  ProcessSpec p;
  p.id = id;
  p.pos = st.pos(node);
  st.test.student.push_back(false);
  const MapReader map(
      st, node, in_steps ? kProcessKeys : Names(kProcessKeys.begin() + 1, kProcessKeys.end()));
  if (!map.ok()) return p;
  if (const YamlNode* n = map.get("id")) p.id = read_string(st, *n).value_or(id);
  if (const YamlNode* n = map.get("from")) {
    if (auto from = read_choice(st, *n, {"student", "reference"})) p.from_reference = *from == 1;
  }
  if (const YamlNode* run = map.get("run")) {
    if (auto words = read_command(st, *run)) p.run = std::move(*words);
    if (!p.run.empty()) check_program(st, map, p);
  } else {
    st.error(node, "missing key 'run'");
  }
  if (const YamlNode* n = map.get("stdin")) p.stdin_spec = parse_stdin(st, *n);
  if (const YamlNode* n = map.get("env")) read_env(st, *n, p);
  if (const YamlNode* n = map.get("tty")) p.tty = read_bool(st, *n).value_or(false);
  if (const YamlNode* n = map.get("start")) p.start = parse_start(st, *n, p.id);
  if (const YamlNode* n = map.get("signals")) p.signals = parse_signals(st, *n);
  if (const YamlNode* n = map.get("capture")) read_capture(st, *n, p);
  read_checks(st, map, p);
  return p;
}

}  // namespace ipcgrade::spec
