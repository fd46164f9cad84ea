// Conditions, `start` and `signals` (spec-format.md, "Processes").
#include <algorithm>
#include <cctype>

#include "spec/parse.h"

namespace ipcgrade::spec {
namespace {

using Kind = YamlNode::Kind;

const Names kConditionKinds = {"stdout", "stdout_of", "exists", "listening", "exited", "captured"};

bool is_port(std::string_view text) {
  if (text.find("${") != std::string_view::npos) return true;
  if (text.empty() || text.size() > 5) return false;
  if (!std::all_of(text.begin(), text.end(), ::isdigit)) return false;
  const int port = std::stoi(std::string(text));
  return port >= 1 && port <= 65535;
}

bool is_address(std::string_view text) {
  const std::string_view rest = text.substr(std::min<std::size_t>(text.size(), 4));
  if (text.substr(0, 4) == "tcp:" || text.substr(0, 4) == "udp:") return is_port(rest);
  return text.substr(0, 5) == "unix:" && text.size() > 5;
}

void note_process_ref(LoadState& st, const YamlNode& node, const std::string& id) {
  st.test.process_refs.push_back({id, st.pos(node)});
}

// Fills the operand of a condition whose kind is known to be `kind`.
bool read_condition_operand(LoadState& st, const MapReader& map, std::string_view kind,
                            Condition& c) {
  using K = Condition::Kind;
  const YamlNode& node = *map.get(kind);
  if (kind == "stdout") {
    c.kind = K::stdout_self;
    auto text = read_regex(st, node);
    if (text) c.regex = *text;
    return text.has_value();
  }
  if (kind == "stdout_of") {
    c.kind = K::stdout_of;
    const YamlNode* regex = map.get("matches");
    if (!regex) {
      st.error(map.node(), "missing key 'matches'");
      return false;
    }
    auto id = read_string(st, node);
    if (id) note_process_ref(st, node, c.process = *id);
    auto text = read_regex(st, *regex);
    if (text) c.regex = *text;
    return id && text;
  }
  if (kind == "exists") {
    c.kind = K::exists;
    auto path = read_text(st, node);
    c.path = path.value_or("");
    return path.has_value();
  }
  if (kind == "listening") {
    c.kind = K::listening;
    auto address = read_text(st, node);
    if (!address) return false;
    if (!is_address(*address)) {
      st.error(node, "expected tcp:PORT, udp:PORT or unix:PATH, got '" + *address + "'");
      return false;
    }
    c.address = *address;
    return true;
  }
  auto name = read_string(st, node);
  if (!name) return false;
  if (kind == "exited") {
    c.kind = K::exited;
    note_process_ref(st, node, c.process = *name);
  } else {
    c.kind = K::captured;
    st.test.captured_refs.push_back({c.var = *name, st.pos(node)});
  }
  return true;
}

// The moment a signal is sent: `at` or `after` a delay, or `when` a
// condition holds.
void read_signal_timing(LoadState& st, const MapReader& map, SignalSpec& s) {
  const auto timing =
      read_one_of(st, map, {"at", "after", "when"}, "a signal has one of at, after or when",
                  "a signal needs at, after or when");
  if (!timing) return;
  const YamlNode& node = *map.get(*timing);
  if (*timing == "when") {
    s.timing = SignalSpec::Timing::when;
    s.when = parse_condition(st, node);
    return;
  }
  s.timing = *timing == "at" ? SignalSpec::Timing::at : SignalSpec::Timing::after;
  if (auto delay = read_duration(st, node)) s.delay = *delay;
}

std::optional<SignalSpec> parse_signal(LoadState& st, const YamlNode& node) {
  SignalSpec s;
  s.pos = st.pos(node);
  const MapReader map(st, node, {"send", "at", "after", "when", "to"});
  if (!map.ok()) return std::nullopt;
  if (const YamlNode* send = map.get("send")) {
    if (auto signo = read_signal(st, *send)) s.signo = *signo;
  } else {
    st.error(node, "missing key 'send'");
  }
  read_signal_timing(st, map, s);
  if (const YamlNode* to = map.get("to")) {
    if (auto which = read_choice(st, *to, {"process", "group"})) s.to_group = *which == 1;
  }
  return s;
}

bool waits_for_itself(const Condition& c, const std::string& self) {
  if (c.kind == Condition::Kind::stdout_self) return true;
  return (c.kind == Condition::Kind::stdout_of || c.kind == Condition::Kind::exited) &&
         c.process == self;
}

}  // namespace

std::optional<Condition> parse_condition(LoadState& st, const YamlNode& node) {
  Condition c;
  c.pos = st.pos(node);
  Names keys = kConditionKinds;
  keys.push_back("matches");
  const MapReader map(st, node, keys);
  if (!map.ok()) return std::nullopt;
  const auto kind = read_one_of(st, map, kConditionKinds, "a condition has one kind",
                                "a condition needs one of " + one_of(kConditionKinds));
  if (map.get("matches") && kind && *kind != "stdout_of") {
    st.error(*map.key_node("matches"), "'matches' goes with 'stdout_of'");
  }
  if (!kind || !read_condition_operand(st, map, *kind, c)) return std::nullopt;
  return c;
}

StartSpec parse_start(LoadState& st, const YamlNode& node, const std::string& self) {
  StartSpec start;
  const MapReader map(st, node, {"after", "after_exit", "when"});
  if (!map.ok()) return start;
  if (map.present({"after", "after_exit", "when"}).empty()) {
    st.error(node, "start needs after, after_exit or when");
  }
  read_one_of(st, map, {"after_exit", "when"}, "start waits for one event", "");
  if (const YamlNode* after = map.get("after")) start.after = read_duration(st, *after);
  if (const YamlNode* exit = map.get("after_exit")) {
    start.after_exit = read_string(st, *exit);
    if (start.after_exit == self) {
      st.error(*exit, "process '" + self + "' cannot wait for itself to start");
    } else if (start.after_exit) {
      note_process_ref(st, *exit, *start.after_exit);
    }
  }
  if (const YamlNode* when = map.get("when")) {
    start.when = parse_condition(st, *when);
    if (start.when && waits_for_itself(*start.when, self)) {
      st.error(*when, "process '" + self + "' cannot wait for itself to start");
    }
  }
  return start;
}

std::vector<SignalSpec> parse_signals(LoadState& st, const YamlNode& node) {
  std::vector<SignalSpec> out;
  if (!expect_kind(st, node, Kind::sequence)) return out;
  for (const YamlNode& item : node.items) {
    if (auto signal = parse_signal(st, item)) out.push_back(*signal);
  }
  return out;
}

}  // namespace ipcgrade::spec
