// A process's stdin: text, a suite file, generated data or a script
// (spec-format.md, "Processes" and "Stdin scripts").
#include <system_error>

#include "spec/parse.h"

namespace ipcgrade::spec {
namespace {

using Kind = YamlNode::Kind;

void read_stdin_file(LoadState& st, const YamlNode& node, StdinSpec& in) {
  auto name = read_text(st, node);
  if (!name) return;
  in.kind = StdinSpec::Kind::file;
  in.file = st.dir / *name;
  // A path with a variable can only be checked when the test runs.
  if (name->find('$') != std::string::npos) return;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(in.file, ec)) {
    st.error(node, "stdin file '" + *name + "' not found in the suite directory");
  }
}

void read_generate(LoadState& st, const YamlNode& node, StdinSpec& in) {
  const MapReader map(st, node, {"bytes", "lines", "width", "seed"});
  if (!map.ok()) return;
  const auto what = read_one_of(st, map, {"bytes", "lines"}, "generate makes bytes or lines",
                                "generate needs bytes or lines");
  if (what == "bytes") {
    in.kind = StdinSpec::Kind::generate_bytes;
    if (auto bytes = read_size(st, *map.get("bytes"))) in.bytes = *bytes;
  } else if (what == "lines") {
    in.kind = StdinSpec::Kind::generate_lines;
    if (auto lines = read_int(st, *map.get("lines"), 0)) in.lines = *lines;
  }
  if (const YamlNode* width = map.get("width")) {
    if (what == "bytes") st.error(*map.key_node("width"), "'width' goes with 'lines'");
    if (auto value = read_int(st, *width, 1)) in.width = *value;
  }
  if (const YamlNode* seed = map.get("seed")) {
    if (auto value = read_int(st, *seed, 0)) in.seed = *value;
  }
}

std::optional<StdinStep> read_script_step(LoadState& st, const YamlNode& node) {
  using K = StdinStep::Kind;
  StdinStep step;
  if (node.kind == Kind::scalar && node.text == "close") {
    step.kind = K::close;
    return step;
  }
  if (node.kind != Kind::map) {
    st.error(node, "expected write, wait, wait_for or close, got " + got(node));
    return std::nullopt;
  }
  const MapReader map(st, node, {"write", "wait", "wait_for"});
  const auto kind =
      read_one_of(st, map, {"write", "wait", "wait_for"}, "a script step does one thing",
                  "a script step needs write, wait or wait_for");
  if (!kind) return std::nullopt;
  const YamlNode& operand = *map.get(*kind);
  if (*kind == "write") {
    step.kind = K::write;
    step.data = read_text(st, operand, true).value_or("");
  } else if (*kind == "wait") {
    step.kind = K::wait;
    step.wait = read_duration(st, operand).value_or(Duration(0));
  } else {
    step.kind = K::wait_for;
    step.cond = parse_condition(st, operand);
  }
  return step;
}

void read_script(LoadState& st, const YamlNode& node, StdinSpec& in) {
  in.kind = StdinSpec::Kind::script;
  bool closed = false;
  for (const YamlNode& item : node.items) {
    if (closed) {
      st.error(item, "nothing can follow close in a stdin script");
      return;
    }
    if (auto step = read_script_step(st, item)) {
      closed = step->kind == StdinStep::Kind::close;
      in.script.push_back(*step);
    }
  }
}

}  // namespace

StdinSpec parse_stdin(LoadState& st, const YamlNode& node) {
  StdinSpec in;
  if (node.kind == Kind::scalar) {
    in.kind = StdinSpec::Kind::text;
    in.text = *read_text(st, node, true);
  } else if (node.kind == Kind::sequence) {
    read_script(st, node, in);
  } else if (node.kind == Kind::map) {
    const MapReader map(st, node, {"file", "generate"});
    const auto form = read_one_of(st, map, {"file", "generate"}, "stdin has one form",
                                  "stdin needs file or generate");
    if (form == "file") read_stdin_file(st, *map.get("file"), in);
    if (form == "generate") read_generate(st, *map.get("generate"), in);
  } else {
    st.error(node, "expected a string, a map or a list, got " + describe(node));
  }
  return in;
}

}  // namespace ipcgrade::spec
