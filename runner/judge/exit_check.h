// How a process ended, judged against its `exit` expectation
// (spec-format.md, "Processes" and the failure kinds `exit` and `crash`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "judge/verdict.h"
#include "spec/model.h"

namespace ipcgrade {

// nullopt when the process ended as expected. `wait_status` is the raw
// status from wait4. A crash signal (SIGSEGV, SIGBUS, SIGFPE, SIGILL,
// SIGABRT, SIGSYS, SIGTRAP) is kind `crash` unless it was the expected
// signal; every other mismatch is kind `exit`.
std::optional<Failure> check_exit(const spec::ExitExpect& expect, int wait_status,
                                  std::string_view process);

// "SIGSEGV (segmentation fault)" for a crash signal, nullopt for others.
std::optional<std::string> crash_description(int signo);

}  // namespace ipcgrade
