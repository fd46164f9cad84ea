// `exit`, `uses` and `not_uses`: what a process must end with and which
// mechanisms it must (not) use (spec-format.md, "Processes").
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <utility>

#include "spec/parse.h"

namespace ipcgrade::spec {
namespace {

using Kind = YamlNode::Kind;

const Names kMechanisms = {
    "pipe",     "fifo",     "posix_shm", "sysv_shm",       "shared_anon_mmap",
    "sysv_msg", "posix_mq", "posix_sem", "signal_handler", "kill",
    "fork",     "tcp",      "udp",       "unix_stream",    "multiplex"};

// Library functions that instructors often name where the kernel sees
// another system call; counting them would always find zero.
constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kLibraryCalls = {{
    {"mq_send", "mq_timedsend"},
    {"mq_receive", "mq_timedreceive"},
    {"shm_open", "openat"},
    {"shm_unlink", "unlink"},
    {"sem_wait", "futex"},
    {"sem_post", "futex"},
    {"signal", "rt_sigaction"},
    {"sigaction", "rt_sigaction"},
    {"waitpid", "wait4"},
    {"fork", "clone"},
}};

std::optional<int> exit_code(const YamlNode& node) {
  if (node.kind != Kind::scalar) return std::nullopt;
  int code = -1;
  const char* end = node.text.data() + node.text.size();
  const auto [ptr, ec] = std::from_chars(node.text.data(), end, code);
  if (ec != std::errc() || ptr != end || code < 0 || code > 255) return std::nullopt;
  return code;
}

void bad_exit(LoadState& st, const YamlNode& node) {
  st.error(node,
           "expected an exit status 0-255, a list of them, nonzero, any or {signal: NAME}, got " +
               got(node));
}

void read_exit_codes(LoadState& st, const YamlNode& node, ExitExpect& exit) {
  exit.codes.clear();
  for (const YamlNode& item : node.items) {
    if (auto code = exit_code(item)) {
      exit.codes.push_back(*code);
    } else {
      bad_exit(st, item);
    }
  }
  if (node.items.empty()) bad_exit(st, node);
}

// "OP N" with OP one of >= <= == > <, stored without blanks (">=1").
std::optional<std::string> call_bound(std::string_view text) {
  std::string_view op = text.substr(0, 2);
  if (op != ">=" && op != "<=" && op != "==") op = text.substr(0, 1);
  if (op != ">=" && op != "<=" && op != "==" && op != ">" && op != "<") return std::nullopt;
  std::string_view number = text.substr(op.size());
  while (!number.empty() && number.front() == ' ') number.remove_prefix(1);
  if (number.empty() || !std::all_of(number.begin(), number.end(), ::isdigit)) return std::nullopt;
  return std::string(op) + std::string(number);
}

void read_call(LoadState& st, const YamlNode& key, const YamlNode& value, Uses& uses) {
  const auto library = std::find_if(kLibraryCalls.begin(), kLibraryCalls.end(),
                                    [&](const auto& entry) { return entry.first == key.text; });
  if (library != kLibraryCalls.end()) {
    st.error(key, "'" + key.text + "' is a library function; count the system call '" +
                      std::string(library->second) + "'");
    return;
  }
  auto bound = value.kind == Kind::scalar ? call_bound(value.text) : std::nullopt;
  if (!bound) {
    st.error(value, "expected a count like \">=1\" (>=, <=, ==, > or < and a whole number), got " +
                        got(value));
    return;
  }
  uses.calls[key.text] = *bound;
}

// `{kill: SIGKILL}` or `{signal_handler: [SIGUSR1, SIGINT]}`: the per-signal
// forms, kept as "kill:SIGKILL".
void read_signal_mechanism(LoadState& st, const YamlNode& item, Uses& uses) {
  for_each_entry(st, item, [&](const YamlNode& key, const YamlNode& value) {
    if (key.text != "kill" && key.text != "signal_handler") {
      st.error(key, "only kill and signal_handler take signals, got '" + key.text + "'");
      return;
    }
    auto add = [&](const YamlNode& signal) {
      if (auto signo = read_signal(st, signal))
        uses.mechanisms.push_back(key.text + ":" + signal_name(*signo));
    };
    if (value.kind == Kind::sequence) {
      for (const YamlNode& signal : value.items) add(signal);
    } else {
      add(value);
    }
  });
}

void read_mechanisms(LoadState& st, const YamlNode& node, Uses& uses) {
  auto read_one = [&](const YamlNode& item) {
    if (item.kind == Kind::map) return read_signal_mechanism(st, item, uses);
    if (auto index = read_word(st, item, kMechanisms, "mechanism")) {
      uses.mechanisms.emplace_back(kMechanisms[*index]);
    }
  };
  if (node.kind == Kind::sequence) {
    for (const YamlNode& item : node.items) read_one(item);
  } else {
    read_one(node);
  }
}

}  // namespace

ExitExpect parse_exit(LoadState& st, const YamlNode& node) {
  ExitExpect exit;
  if (node.kind == Kind::scalar && (node.text == "nonzero" || node.text == "any")) {
    exit.kind = node.text == "any" ? ExitExpect::Kind::any : ExitExpect::Kind::nonzero;
    exit.codes.clear();
  } else if (auto code = exit_code(node)) {
    exit.codes = {*code};
  } else if (node.kind == Kind::sequence) {
    read_exit_codes(st, node, exit);
  } else if (node.kind == Kind::map) {
    const MapReader map(st, node, {"signal"});
    exit.kind = ExitExpect::Kind::signal;
    exit.codes.clear();
    if (const YamlNode* signal = map.get("signal")) {
      exit.signal = read_signal(st, *signal).value_or(0);
    } else {
      st.error(node, "missing key 'signal'");
    }
  } else {
    bad_exit(st, node);
  }
  return exit;
}

Uses parse_uses(LoadState& st, const YamlNode& node) {
  Uses uses;
  if (node.kind != Kind::map) {
    if (node.kind == Kind::null) {
      st.error(node, "expected a list of mechanisms or a map, got nothing");
    } else {
      read_mechanisms(st, node, uses);
    }
    return uses;
  }
  const MapReader map(st, node, {"mechanisms", "calls"});
  if (const YamlNode* mechanisms = map.get("mechanisms")) read_mechanisms(st, *mechanisms, uses);
  if (const YamlNode* calls = map.get("calls")) {
    for_each_entry(st, *calls, [&](const YamlNode& key, const YamlNode& value) {
      read_call(st, key, value, uses);
    });
  }
  return uses;
}

}  // namespace ipcgrade::spec
