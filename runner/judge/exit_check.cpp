#include "judge/exit_check.h"

#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <csignal>
#include <cstdio>
#include <vector>

#include "spec/loader.h"

namespace ipcgrade {

namespace {

// What a signal means, for the crash signals (kind `crash`) and for other
// signals a student may not recognise. Fixed words, so that messages do not
// depend on strsignal()'s wording or locale.
struct SignalNote {
  int signo;
  std::string_view explanation;
  bool crash;
};

constexpr std::array<SignalNote, 8> kSignalNotes{{
    {SIGSEGV, "segmentation fault", true},
    {SIGBUS, "bus error: a bad memory access, e.g. past the end of a mapped file", true},
    {SIGFPE, "arithmetic error, e.g. division by zero", true},
    {SIGILL, "illegal instruction", true},
    {SIGABRT, "aborted: abort() or a failed assert()", true},
    {SIGSYS, "bad system call: one the system refuses or does not know", true},
    {SIGTRAP, "trace or breakpoint trap", true},
    {SIGPIPE, "it wrote to a pipe or socket that nobody reads", false},
}};

const SignalNote* find_note(int signo) {
  for (const auto& note : kSignalNotes)
    if (note.signo == signo) return &note;
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
      return "expected to be killed by " + spec::signal_name(expect.signal);
    case spec::ExitExpect::Kind::any:
      break;
  }
  return "expected any exit";
}

std::optional<std::string> killed_message(const spec::ExitExpect& expect, int signo) {
  using Kind = spec::ExitExpect::Kind;
  if (expect.kind == Kind::signal && expect.signal == signo) return std::nullopt;
  if (expect.kind == Kind::any) return std::nullopt;
  const SignalNote* note = find_note(signo);
  std::string message = "was killed by " + spec::signal_name(signo);
  if (note) message += " (" + std::string(note->explanation) + ")";
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
      return seen + ", expected to be killed by " + spec::signal_name(expect.signal);
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
  const SignalNote* note = find_note(signo);
  if (!note || !note->crash) return std::nullopt;
  return spec::signal_name(signo) + " (" + std::string(note->explanation) + ")";
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
