// One test of a suite: its keys, files, processes and leak policy
// (spec-format.md, "Tests").
#include <algorithm>
#include "spec/parse.h"
#include "spec/variables.h"

namespace ipcgrade::spec {
namespace {

using Kind = YamlNode::Kind;

const Names kTestKeys = {"name",   "points", "visibility", "tags",      "hint", "timeout",
                         "repeat", "files",  "steps",      "processes", "leaks"};
// More runs than this is a mistake, and it keeps the count an int.
constexpr std::int64_t kMaxRepeat = 1'000'000;
// In the order of LeakKind.
const Names kLeakKinds = {"sysv_shm", "sysv_msg", "sysv_sem", "posix_shm", "posix_sem",
                          "posix_mq", "fifo",     "socket",   "process",   "zombie"};

bool is_scratch_path(const std::string& name) {
  if (name.empty() || name.front() == '/') return false;
  for (const auto& part : std::filesystem::path(name)) {
    if (part == "..") return false;
  }
  return true;
}

std::optional<unsigned> read_mode(LoadState& st, const YamlNode& node) {
  const std::string& text = node.text;
  const bool octal = node.kind == Kind::scalar && !text.empty() && text.size() <= 5 &&
                     text.find_first_not_of("01234567") == std::string::npos;
  const unsigned mode = octal ? std::stoul(text, nullptr, 8) : 0;
  if (!octal || mode > 07777) {
    st.error(node, "expected an octal mode like 0644, got " + got(node));
    return std::nullopt;
  }
  return mode;
}

void read_file_map(LoadState& st, const YamlNode& node, FileSpec& file) {
  const MapReader map(st, node, {"content", "mode", "fifo"});
  if (const YamlNode* fifo = map.get("fifo")) file.fifo = read_bool(st, *fifo).value_or(false);
  if (const YamlNode* content = map.get("content")) {
    file.content = read_text(st, *content, true).value_or("");
    if (file.fifo) st.error(*map.key_node("content"), "a FIFO has no content");
  }
  if (const YamlNode* mode = map.get("mode")) file.mode = read_mode(st, *mode).value_or(file.mode);
}

std::vector<FileSpec> read_files(LoadState& st, const YamlNode& node) {
  std::vector<FileSpec> files;
  for_each_entry(st, node, [&](const YamlNode& key, const YamlNode& value) {
    FileSpec file;
    file.name = key.text;
    note_text(st, file.name, key, true);
    if (!is_scratch_path(file.name)) {
      st.error(key, "a file name is a relative path inside the scratch directory, got '" +
                        file.name + "'");
    }
    if (value.kind == Kind::map) {
      read_file_map(st, value, file);
    } else if (value.kind == Kind::scalar) {
      file.content = *read_text(st, value, true);
    } else {
      st.error(value, "expected a string or a map, got " + describe(value));
    }
    files.push_back(std::move(file));
  });
  return files;
}

void add_process(LoadState& st, TestSpec& test, ProcessSpec process, UniqueNames& ids) {
  ids.add(st, process.id, process.pos);
  test.processes.push_back(std::move(process));
}

void read_steps(LoadState& st, const YamlNode& node, TestSpec& test) {
  test.sequential = true;
  if (!expect_kind(st, node, Kind::sequence)) return;
  if (node.items.empty()) st.error(node, "expected at least one process");
  UniqueNames ids("process id");
  for (const YamlNode& item : node.items) {
    st.test.process = static_cast<int>(test.processes.size());
    const std::string id = "step" + std::to_string(st.test.process + 1);
    add_process(st, test, parse_process(st, item, id, true), ids);
  }
}

void read_processes(LoadState& st, const YamlNode& node, TestSpec& test) {
  test.sequential = false;
  UniqueNames ids("process id");
  const bool ok = for_each_entry(st, node, [&](const YamlNode& key, const YamlNode& value) {
    st.test.process = static_cast<int>(test.processes.size());
    add_process(st, test, parse_process(st, value, key.text, false), ids);
  });
  if (ok && node.pairs.empty()) st.error(node, "expected at least one process");
}

void read_body(LoadState& st, const MapReader& map, TestSpec& test) {
  const YamlNode* steps = map.get("steps");
  const YamlNode* processes = map.get("processes");
  if (steps && processes) {
    const auto order = map.present({"steps", "processes"});
    st.error(*map.key_node(order[1]), "a test has steps or processes, not both");
  } else if (steps) {
    read_steps(st, *steps, test);
  } else if (processes) {
    read_processes(st, *processes, test);
  } else {
    st.error(map.node(), "a test needs steps or processes");
  }
}

void read_name(LoadState& st, const MapReader& map, TestSpec& test) {
  const YamlNode* name = map.get("name");
  if (!name) {
    st.error(map.node(), "missing key 'name'");
    return;
  }
  test.name = read_string(st, *name).value_or("");
  test.pos = st.pos(*name);
  if (name->kind == Kind::scalar && test.name.empty())
    st.error(*name, "a test name cannot be empty");
}

void read_labels(LoadState& st, const MapReader& map, TestSpec& test) {
  if (const YamlNode* n = map.get("points")) test.points = read_number(st, *n, 0.0).value_or(1);
  if (const YamlNode* n = map.get("visibility")) {
    const Names names = {"visible", "hidden", "after_due_date", "after_published"};
    if (auto index = read_choice(st, *n, names)) test.visibility = static_cast<Visibility>(*index);
  }
  if (const YamlNode* n = map.get("tags")) test.tags = read_strings(st, *n).value_or(test.tags);
  if (const YamlNode* n = map.get("hint")) test.hint = read_string(st, *n).value_or("");
}

}  // namespace

LeakPolicy parse_leaks(LoadState& st, const YamlNode& node) {
  LeakPolicy policy;
  if (node.kind == Kind::scalar && (node.text == "forbid" || node.text == "allow")) {
    policy.mode = node.text == "allow" ? LeakPolicy::Mode::allow : LeakPolicy::Mode::forbid;
    return policy;
  }
  if (node.kind != Kind::map) {
    st.error(node, "expected forbid, allow or {allow: [kinds]}, got " + got(node));
    return policy;
  }
  const MapReader map(st, node, {"allow"});
  const YamlNode* allow = map.get("allow");
  if (!allow) {
    st.error(node, "missing key 'allow'");
    return policy;
  }
  policy.mode = LeakPolicy::Mode::allow_some;
  const YamlNode& kinds = *allow;
  if (!expect_kind(st, kinds, Kind::sequence)) return policy;
  for (const YamlNode& item : kinds.items) {
    if (auto index = read_word(st, item, kLeakKinds, "leak kind")) {
      policy.allowed.push_back(static_cast<LeakKind>(*index));
    }
  }
  return policy;
}

TestSpec parse_test(LoadState& st, const YamlNode& node) {
  TestSpec test;
  test.pos = st.pos(node);
  st.test = TestScope{};
  const MapReader map(st, node, kTestKeys);
  if (!map.ok()) return test;
  read_name(st, map, test);
  read_labels(st, map, test);
  if (const YamlNode* n = map.get("timeout")) test.timeout = read_duration(st, *n);
  if (const YamlNode* n = map.get("repeat")) {
    test.repeat = static_cast<int>(read_int(st, *n, 1, kMaxRepeat).value_or(1));
  }
  if (const YamlNode* n = map.get("files")) test.files = read_files(st, *n);
  read_body(st, map, test);
  if (const YamlNode* n = map.get("leaks")) test.leaks = parse_leaks(st, *n);
  check_test_scope(st, test);
  for (const StringUse& use : st.test.strings)
    for (std::string& name : variables_in(use.text))
      if (std::find(test.variables.begin(), test.variables.end(), name) == test.variables.end())
        test.variables.push_back(std::move(name));
  return test;
}

}  // namespace ipcgrade::spec
