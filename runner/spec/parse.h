// Internal to runner/spec/: the state of loading one suite file and the
// parse functions for its parts, which live in several .cpp files.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "spec/model.h"
#include "spec/yaml_walk.h"

namespace ipcgrade::spec {

// A string that may use variables, kept until the whole test is read:
// captures of a later process may define what it uses.
struct StringUse {
  std::string text;
  SourcePos pos;
  int process = -1;         // index in the test, -1 for test-level strings
  bool to_process = false;  // programs receive it (command, env, stdin, files)
};

// A process id or captured variable named somewhere in a test.
struct NameUse {
  std::string name;
  SourcePos pos;
};

// What a test's strings and references need checked once all of its
// processes, and so its ids and captures, are known.
struct TestScope {
  int process = -1;           // the process being read
  std::vector<bool> student;  // per process: a suite program built by the student
  std::vector<StringUse> strings;
  std::vector<NameUse> process_refs;
  std::vector<NameUse> captured_refs;
  std::map<std::string, SourcePos> captures;
};

struct LoadState : Context {
  LoadState(std::string file, std::filesystem::path suite_dir)
      : Context(std::move(file)), dir(std::move(suite_dir)) {}
  std::filesystem::path dir;  // the suite directory, absolute
  std::set<std::string> programs;
  std::set<std::string> helpers;
  TestScope test;
};

// A string that may hold variables; checked with the rest of its test.
std::optional<std::string> read_text(LoadState& st, const YamlNode& node, bool to_process = false);
void note_text(LoadState& st, const std::string& text, const YamlNode& at, bool to_process);
// An RE2 regex, compiled now so that a bad one is reported with RE2's
// message; `groups` receives its number of capturing groups.
std::optional<std::string> read_regex(LoadState& st, const YamlNode& node, int* groups = nullptr);
// Checks the strings, process ids and captured names the test used.
void check_test_scope(LoadState& st, const TestSpec& test);

std::vector<Matcher> parse_matchers(LoadState& st, const YamlNode& node);
std::optional<Condition> parse_condition(LoadState& st, const YamlNode& node);
StartSpec parse_start(LoadState& st, const YamlNode& node, const std::string& self);
std::vector<SignalSpec> parse_signals(LoadState& st, const YamlNode& node);
StdinSpec parse_stdin(LoadState& st, const YamlNode& node);
ExitExpect parse_exit(LoadState& st, const YamlNode& node);
Uses parse_uses(LoadState& st, const YamlNode& node);
ProcessSpec parse_process(LoadState& st, const YamlNode& node, const std::string& id,
                          bool in_steps);
LeakPolicy parse_leaks(LoadState& st, const YamlNode& node);
TestSpec parse_test(LoadState& st, const YamlNode& node);

}  // namespace ipcgrade::spec
