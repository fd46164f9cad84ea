// What the runner saw of one process of a test, as plain data, so that
// checks are pure functions of a spec and an observation.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "judge/capture.h"
#include "mechanism/evidence.h"
#include "judge/verdict.h"

namespace ipcgrade {

struct ProcessObservation {
  std::string id;       // the process id in the test ("step1", "receiver")
  std::string program;  // the first word of its command, for messages
  bool from_reference = false;
  // Its pid as the runner sees it, 0 if it never started: tells the test's
  // leftovers from the machine's and names who made them.
  pid_t pid = 0;

  // It never ran: why, in words a student can act on, and as which kind
  // (build: the program did not build; timeout: the test ended first).
  std::optional<std::string> not_started;
  FailureKind not_started_kind = FailureKind::exit;

  int wait_status = 0;
  std::chrono::milliseconds wall{0};
  std::chrono::microseconds cpu{0};  // user + system, with reaped children

  // The runner stopped it, and why (one failure, one cause: decisions.md 12).
  bool stopped_at_timeout = false;      // its own or the test's bound
  std::chrono::milliseconds timeout_bound{0};
  std::optional<std::string> limit_hit;  // e.g. "output: wrote more than 8 MiB to stdout"
  // Its RLIMIT_CPU in seconds (0: none): SIGKILL past it is the kernel's
  // hard CPU limit, for a program that handled or ignored SIGXCPU.
  std::uint64_t cpu_limit_seconds = 0;
  bool group_survivors = false;          // it exited, processes it started did not

  StreamCapture out{0};
  StreamCapture err{0};

  // The mechanisms it and its descendants were seen to use (recorded only
  // when its test asks: `uses`, `not_uses`), or why they could not be.
  mechanism::Evidence evidence;
};

}  // namespace ipcgrade
