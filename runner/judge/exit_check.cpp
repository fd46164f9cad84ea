#include "judge/exit_check.h"

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstdio>
#include <vector>

namespace ipcgrade {

namespace {

struct SignalInfo {
  int signo;
  std::string_view name;
  // Why it came, for signals a student may not recognise; "" for others.
  std::string_view explanation;
  bool crash;
};

// Fixed names and words, so that messages do not depend on strsignal()'s
// wording or locale.
constexpr std::array<SignalInfo, 31> kSignals{{
    {SIGHUP, "SIGHUP", "", false},
    {SIGINT, "SIGINT", "", false},
    {SIGQUIT, "SIGQUIT", "", false},
    {SIGILL, "SIGILL", "illegal instruction", true},
    {SIGTRAP, "SIGTRAP", "trace or breakpoint trap", true},
    {SIGABRT, "SIGABRT", "aborted: abort() or a failed assert()", true},
    {SIGBUS, "SIGBUS", "bus error: a bad memory access, e.g. past the end of a mapped file", true},
    {SIGFPE, "SIGFPE", "arithmetic error, e.g. division by zero", true},
    {SIGKILL, "SIGKILL", "", false},
    {SIGUSR1, "SIGUSR1", "", false},
    {SIGSEGV, "SIGSEGV", "segmentation fault", true},
    {SIGUSR2, "SIGUSR2", "", false},
    {SIGPIPE, "SIGPIPE", "it wrote to a pipe or socket that nobody reads", false},
    {SIGALRM, "SIGALRM", "", false},
    {SIGTERM, "SIGTERM", "", false},
    {SIGSTKFLT, "SIGSTKFLT", "", false},
    {SIGCHLD, "SIGCHLD", "", false},
    {SIGCONT, "SIGCONT", "", false},
    {SIGSTOP, "SIGSTOP", "", false},
    {SIGTSTP, "SIGTSTP", "", false},
    {SIGTTIN, "SIGTTIN", "", false},
    {SIGTTOU, "SIGTTOU", "", false},
    {SIGURG, "SIGURG", "", false},
    {SIGXCPU, "SIGXCPU", "", false},
    {SIGXFSZ, "SIGXFSZ", "", false},
    {SIGVTALRM, "SIGVTALRM", "", false},
    {SIGPROF, "SIGPROF", "", false},
    {SIGWINCH, "SIGWINCH", "", false},
    {SIGIO, "SIGIO", "", false},
    {SIGPWR, "SIGPWR", "", false},
    {SIGSYS, "SIGSYS", "bad system call: one the system refuses or does not know", true},
}};

const SignalInfo* find_signal(int signo) {
  for (const auto& info : kSignals)
    if (info.signo == signo) return &info;
  return nullptr;
}

// "0", "0 or 2", "0, 1 or 2".
std::string either(const std::vector<int>& codes) {
  std::string text;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    if (i > 0) text += i + 1 == codes.size() ? " or " : ", ";
    text += std::to_string(codes[i]);
  }
  return text;
}

std::string comma_list(const std::vector<int>& codes) {
  std::string text;
  for (std::size_t i = 0; i < codes.size(); ++i) text += (i ? ", " : "") + std::to_string(codes[i]);
  return text;
}

// The expectation, as said after a death by signal.
std::string expected_instead_of_signal(const spec::ExitExpect& expect) {
  switch (expect.kind) {
    case spec::ExitExpect::Kind::codes:
      return "expected exit status " + either(expect.codes);
    case spec::ExitExpect::Kind::nonzero:
      return "expected a nonzero exit status";
    case spec::ExitExpect::Kind::signal:
      return "expected to be killed by " + signal_display_name(expect.signal);
    case spec::ExitExpect::Kind::any:
      break;
  }
  return "expected any exit";
}

std::optional<std::string> killed_message(const spec::ExitExpect& expect, int signo) {
  using Kind = spec::ExitExpect::Kind;
  if (expect.kind == Kind::signal && expect.signal == signo) return std::nullopt;
  if (expect.kind == Kind::any) return std::nullopt;
  const SignalInfo* info = find_signal(signo);
  std::string message = "was killed by " + signal_display_name(signo);
  if (info && !info->explanation.empty()) message += " (" + std::string(info->explanation) + ")";
  return message + ", " + expected_instead_of_signal(expect);
}

std::optional<std::string> exited_message(const spec::ExitExpect& expect, int code) {
  using Kind = spec::ExitExpect::Kind;
  const std::string seen = "exited with status " + std::to_string(code);
  switch (expect.kind) {
    case Kind::any:
      return std::nullopt;
    case Kind::nonzero:
      if (code != 0) return std::nullopt;
      return seen + ", expected a nonzero exit status";
    case Kind::signal:
      return seen + ", expected to be killed by " + signal_display_name(expect.signal);
    case Kind::codes:
      break;
  }
  // An empty list cannot come from a valid suite; it means the default, 0.
  const std::vector<int> codes = expect.codes.empty() ? std::vector<int>{0} : expect.codes;
  if (std::find(codes.begin(), codes.end(), code) != codes.end()) return std::nullopt;
  if (codes.size() == 1) return seen + ", expected " + std::to_string(codes[0]);
  return seen + ", expected one of " + comma_list(codes);
}

}  // namespace

std::optional<std::string> crash_description(int signo) {
  const SignalInfo* info = find_signal(signo);
  if (!info || !info->crash) return std::nullopt;
  return std::string(info->name) + " (" + std::string(info->explanation) + ")";
}

std::string signal_display_name(int signo) {
  if (const SignalInfo* info = find_signal(signo)) return std::string(info->name);
  if (signo >= SIGRTMIN && signo <= SIGRTMAX) {
    if (signo == SIGRTMIN) return "SIGRTMIN";
    return "SIGRTMIN+" + std::to_string(signo - SIGRTMIN);
  }
  return "signal " + std::to_string(signo);
}

std::optional<Failure> check_exit(const spec::ExitExpect& expect, int wait_status,
                                  std::string_view process) {
  const auto failure = [&](FailureKind kind, std::string message) {
    return std::optional<Failure>(Failure{kind, std::string(process), std::move(message), ""});
  };
  if (WIFSIGNALED(wait_status)) {
    const int signo = WTERMSIG(wait_status);
    const bool expected = expect.kind == spec::ExitExpect::Kind::signal && expect.signal == signo;
    if (!expected)
      if (auto crash = crash_description(signo))
        return failure(FailureKind::crash, "crashed with " + *crash);
    if (auto message = killed_message(expect, signo)) return failure(FailureKind::exit, *message);
    return std::nullopt;
  }
  if (WIFEXITED(wait_status)) {
    if (auto message = exited_message(expect, WEXITSTATUS(wait_status)))
      return failure(FailureKind::exit, *message);
    return std::nullopt;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "ended with an unexpected wait status 0x%x", wait_status);
  return failure(FailureKind::exit, buf);
}

}  // namespace ipcgrade
