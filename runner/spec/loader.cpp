// The suite file as a whole: suite keys, defaults, programs, and the
// loader's public interface (loader.h).
#include "spec/loader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <tuple>

#include "spec/parse.h"

namespace ipcgrade::spec {
namespace {

using Kind = YamlNode::Kind;

const Names kSuiteKeys = {"suite", "title", "programs", "helpers", "build", "defaults", "tests"};

// A suite.yaml is named by its folder; any other suite file by its stem.
std::string default_suite_id(const std::filesystem::path& file) {
  const std::filesystem::path absolute = std::filesystem::absolute(file);
  const std::string name = absolute.filename().string();
  if (name == "suite.yaml" || name == "suite.yml") return absolute.parent_path().filename();
  return absolute.stem();
}

// Program and helper names become file names in the submission and in
// reference/, so they are plain names, each given once.
void add_program_name(LoadState& st, const YamlNode& node, UniqueNames& seen) {
  const std::string& name = node.text;
  if (name.empty() || name.find('/') != std::string::npos) {
    st.error(node, "a program name is a file name without '/', got '" + name + "'");
  } else {
    seen.add(st, name, st.pos(node));
  }
}

void read_program_checks(LoadState& st, const YamlNode& key, const YamlNode& value, Suite& suite) {
  ProgramSpec program{key.text, {}, {}};
  if (value.kind != Kind::null) {
    const MapReader map(st, value, {"uses", "not_uses"});
    if (const YamlNode* uses = map.get("uses")) program.uses = parse_uses(st, *uses);
    if (const YamlNode* not_uses = map.get("not_uses"))
      program.not_uses = parse_uses(st, *not_uses);
  }
  suite.programs.push_back(std::move(program));
}

void read_programs(LoadState& st, const YamlNode& node, Suite& suite, UniqueNames& seen) {
  if (!expect_kind(st, node, Kind::sequence)) return;
  for (const YamlNode& item : node.items) {
    if (item.kind == Kind::scalar) {
      add_program_name(st, item, seen);
      suite.programs.push_back({item.text, {}, {}});
    } else if (item.kind == Kind::map) {
      for_each_entry(st, item, [&](const YamlNode& key, const YamlNode& value) {
        add_program_name(st, key, seen);
        read_program_checks(st, key, value, suite);
      });
    } else {
      st.error(item, "expected a program name or {name: {uses: ...}}, got " + describe(item));
    }
  }
  for (const ProgramSpec& program : suite.programs) st.programs.insert(program.name);
}

void read_helpers(LoadState& st, const YamlNode& node, Suite& suite, UniqueNames& seen) {
  if (!expect_kind(st, node, Kind::sequence)) return;
  for (const YamlNode& item : node.items) {
    if (!read_string(st, item)) continue;
    add_program_name(st, item, seen);
    suite.helpers.push_back(item.text);
    st.helpers.insert(item.text);
  }
}

void read_limits(LoadState& st, const YamlNode& node, Limits& limits) {
  const MapReader map(st, node,
                      {"cpu", "memory", "processes", "output", "file_size", "open_files"});
  if (const YamlNode* n = map.get("cpu")) limits.cpu = read_duration(st, *n);
  if (const YamlNode* n = map.get("memory")) limits.memory = read_size(st, *n);
  if (const YamlNode* n = map.get("processes")) limits.processes = read_int(st, *n, 1);
  if (const YamlNode* n = map.get("output")) limits.output = read_size(st, *n);
  if (const YamlNode* n = map.get("file_size")) limits.file_size = read_size(st, *n);
  if (const YamlNode* n = map.get("open_files")) limits.open_files = read_int(st, *n, 1);
}

void read_defaults(LoadState& st, const YamlNode& node, Defaults& defaults) {
  const MapReader map(st, node, {"timeout", "kill_grace", "limits", "leaks"});
  if (const YamlNode* n = map.get("timeout")) {
    defaults.timeout = read_duration(st, *n).value_or(defaults.timeout);
  }
  if (const YamlNode* n = map.get("kill_grace")) {
    defaults.kill_grace = read_duration(st, *n).value_or(defaults.kill_grace);
  }
  if (const YamlNode* n = map.get("limits")) read_limits(st, *n, defaults.limits);
  if (const YamlNode* n = map.get("leaks")) defaults.leaks = parse_leaks(st, *n);
}

void read_tests(LoadState& st, const YamlNode& node, Suite& suite) {
  if (!expect_kind(st, node, Kind::sequence)) return;
  UniqueNames names("test name");
  for (const YamlNode& item : node.items) {
    TestSpec test = parse_test(st, item);
    if (!test.name.empty()) names.add(st, test.name, test.pos);
    suite.tests.push_back(std::move(test));
  }
}

void read_suite(LoadState& st, const YamlNode& root, Suite& suite) {
  const MapReader map(st, root, kSuiteKeys);
  if (!map.ok()) return;
  if (const YamlNode* n = map.get("suite")) suite.id = read_string(st, *n).value_or(suite.id);
  if (const YamlNode* n = map.get("title")) suite.title = read_string(st, *n).value_or("");
  UniqueNames names("program");
  if (const YamlNode* n = map.get("programs")) read_programs(st, *n, suite, names);
  if (const YamlNode* n = map.get("helpers")) read_helpers(st, *n, suite, names);
  if (const YamlNode* n = map.get("build")) {
    if (auto index = read_choice(st, *n, {"auto", "make"})) suite.build = *index ? "make" : "auto";
  }
  if (const YamlNode* n = map.get("defaults")) read_defaults(st, *n, suite.defaults);
  if (const YamlNode* n = map.get("tests")) {
    read_tests(st, *n, suite);
  } else {
    st.error(root, "missing key 'tests'");
  }
}

bool position_less(const Diagnostic& a, const Diagnostic& b) {
  return std::tie(a.pos.file, a.pos.line, a.pos.col) < std::tie(b.pos.file, b.pos.line, b.pos.col);
}

bool same(const Diagnostic& a, const Diagnostic& b) {
  return !position_less(a, b) && !position_less(b, a) && a.message == b.message;
}

}  // namespace

std::string Diagnostic::str() const {
  if (pos.line <= 0) return pos.file + ": " + message;
  return pos.file + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.col) + ": " + message;
}

namespace {

LoadResult load_text(const std::string& text, const std::filesystem::path& file) {
  LoadState st(file.string(), std::filesystem::absolute(file).parent_path());
  Suite suite;
  suite.file = file;
  suite.dir = st.dir;
  suite.id = default_suite_id(file);
  if (auto root = parse_yaml(text, st.file(), st.diagnostics())) read_suite(st, *root, suite);

  LoadResult result;
  result.diagnostics = std::move(st.diagnostics());
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), position_less);
  result.diagnostics.erase(std::unique(result.diagnostics.begin(), result.diagnostics.end(), same),
                           result.diagnostics.end());
  if (result.diagnostics.empty()) result.suite = std::move(suite);
  return result;
}

}  // namespace

LoadResult load_suite_text(const std::string& text, const std::filesystem::path& file) {
  try {
    return load_text(text, file);
  } catch (const std::exception& error) {
    // Every mistake in a suite is a diagnostic; this is the loader's own
    // fault (or memory running out), reported the same way so that the
    // interface never throws.
    LoadResult result;
    result.diagnostics.push_back(
        {{file.string(), 0, 0}, std::string("cannot load the suite: ") + error.what()});
    return result;
  }
}

LoadResult load_suite_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    LoadResult result;
    result.diagnostics.push_back(
        {{file.string(), 0, 0},
         std::string("cannot read the suite file: ") + std::strerror(errno)});
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_suite_text(text.str(), file);
}

}  // namespace ipcgrade::spec
