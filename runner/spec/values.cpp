// Durations, sizes and signal names as suites write them (spec-format.md).
#include <algorithm>
#include <cctype>
#include <charconv>
#include <csignal>
#include <cstdlib>
#include <iterator>
#include <string_view>
#include <utility>

#include "spec/loader.h"

namespace ipcgrade::spec {
namespace {

// Splits "1.5s" into "1.5" and "s": the number is digits with at most one
// point, the unit is every letter after it.
std::pair<std::string_view, std::string_view> split_unit(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) {
    ++i;
  }
  return {text.substr(0, i), text.substr(i)};
}

bool is_decimal(std::string_view number) {
  if (number.empty() || number.front() == '.' || number.back() == '.') return false;
  return number.find('.') == number.rfind('.');
}

struct TimeUnit {
  std::string_view name;
  double ms;
};
constexpr TimeUnit kTimeUnits[] = {{"ms", 1}, {"s", 1000}, {"m", 60'000}};

struct SizeUnit {
  std::string_view name;
  unsigned shift;
};
constexpr SizeUnit kSizeUnits[] = {{"", 0}, {"KiB", 10}, {"MiB", 20}, {"GiB", 30}, {"TiB", 40}};

struct SignalEntry {
  std::string_view name;  // without "SIG"
  int signo;
};

// Linux's standard signals. Real-time signals have no fixed name and
// assignments do not use them.
constexpr SignalEntry kSignals[] = {
    {"HUP", SIGHUP},   {"INT", SIGINT},       {"QUIT", SIGQUIT}, {"ILL", SIGILL},
    {"TRAP", SIGTRAP}, {"ABRT", SIGABRT},     {"BUS", SIGBUS},   {"FPE", SIGFPE},
    {"KILL", SIGKILL}, {"USR1", SIGUSR1},     {"SEGV", SIGSEGV}, {"USR2", SIGUSR2},
    {"PIPE", SIGPIPE}, {"ALRM", SIGALRM},     {"TERM", SIGTERM}, {"STKFLT", SIGSTKFLT},
    {"CHLD", SIGCHLD}, {"CONT", SIGCONT},     {"STOP", SIGSTOP}, {"TSTP", SIGTSTP},
    {"TTIN", SIGTTIN}, {"TTOU", SIGTTOU},     {"URG", SIGURG},   {"XCPU", SIGXCPU},
    {"XFSZ", SIGXFSZ}, {"VTALRM", SIGVTALRM}, {"PROF", SIGPROF}, {"WINCH", SIGWINCH},
    {"IO", SIGIO},     {"PWR", SIGPWR},       {"SYS", SIGSYS},
};

}  // namespace

std::optional<Duration> parse_duration(const std::string& text) {
  const auto [number, unit] = split_unit(text);
  if (!is_decimal(number)) return std::nullopt;
  const auto unit_it = std::find_if(std::begin(kTimeUnits), std::end(kTimeUnits),
                                    [&](const TimeUnit& u) { return u.name == unit; });
  if (unit_it == std::end(kTimeUnits)) return std::nullopt;
  const double ms = std::strtod(std::string(number).c_str(), nullptr) * unit_it->ms;
  // Sub-millisecond values round to the nearest millisecond, and the
  // bound keeps the conversion exact (a year is plenty for a test).
  if (ms > 365.0 * 24 * 3600 * 1000) return std::nullopt;
  const auto rounded = static_cast<Duration::rep>(ms + 0.5);
  if (rounded <= 0) return std::nullopt;
  return Duration(rounded);
}

std::optional<std::uint64_t> parse_size(const std::string& text) {
  const auto [number, unit] = split_unit(text);
  std::uint64_t value = 0;
  const char* end = number.data() + number.size();
  const auto [ptr, ec] = std::from_chars(number.data(), end, value);
  if (number.empty() || ec != std::errc() || ptr != end) return std::nullopt;
  const auto unit_it = std::find_if(std::begin(kSizeUnits), std::end(kSizeUnits),
                                    [&](const SizeUnit& u) { return u.name == unit; });
  if (unit_it == std::end(kSizeUnits)) return std::nullopt;
  const unsigned shift = unit_it->shift;
  if (shift > 0 && value > (UINT64_MAX >> shift)) return std::nullopt;
  return value << shift;
}

std::optional<int> parse_signal(const std::string& text) {
  std::string_view name = text;
  if (name.substr(0, 3) == "SIG") name.remove_prefix(3);
  for (const SignalEntry& entry : kSignals) {
    if (entry.name == name) return entry.signo;
  }
  return std::nullopt;
}

std::string signal_name(int signo) {
  for (const SignalEntry& entry : kSignals) {
    if (entry.signo == signo) return "SIG" + std::string(entry.name);
  }
  return "signal " + std::to_string(signo);
}

}  // namespace ipcgrade::spec
