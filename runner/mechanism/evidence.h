// What the kernel showed of one launched program's use of IPC mechanisms:
// plain data, filled by the supervisor (mechanism/supervisor.h) and read
// by the judge (judge/mechanism_check.h) and the reports.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ipcgrade::mechanism {

struct Evidence {
  // A listener served the program and its descendants for their whole life.
  bool recorded = false;
  // Why evidence was asked for and not recorded (no seccomp user
  // notification on this machine), for the report's `unchecked`.
  std::string unavailable;
  // Mechanism names of the vocabulary ("sysv_msg") and the per-signal forms
  // ("kill:SIGKILL", "signal_handler:SIGUSR1") -> recorded attempts.
  std::map<std::string, std::int64_t> mechanisms;
  // Kernel system-call names ("msgsnd", "mq_timedsend") -> attempts.
  std::map<std::string, std::int64_t> calls;
  // Things worth saying that are not counts (a listener the program tried
  // to install itself and the kernel refused).
  std::vector<std::string> notes;
};

}  // namespace ipcgrade::mechanism
