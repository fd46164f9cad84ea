// Processes as /proc shows them, for reporting what a test left running
// (kind `process`) or unreaped (kind `zombie`). Reading only: stopping them
// is the launcher's job.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "spec/model.h"

namespace ipcgrade::observe {

struct ProcessInfo {
  pid_t pid = 0;
  pid_t ppid = 0;
  pid_t pgid = 0;
  pid_t sid = 0;
  char state = '?';  // R, S, D, T, t, Z, X, I as in proc(5)
  std::string comm;  // the kernel's 15-byte name
  std::vector<std::string> argv;  // empty for zombies and kernel threads
  uid_t uid = 0;                  // real uid
  // Clock ticks after boot; with pid, tells a reused pid apart.
  std::uint64_t start_ticks = 0;

  bool zombie() const { return state == 'Z'; }
  spec::LeakKind leak_kind() const {
    return zombie() ? spec::LeakKind::zombie : spec::LeakKind::process;
  }
  // argv joined by spaces, or comm when there is no argv.
  std::string command() const;
};

// One /proc/PID/stat line: "pid (comm) state ppid pgrp session ...". The
// name may hold spaces and parentheses, so it ends at the last ')'.
std::optional<ProcessInfo> parse_proc_stat(const std::string& line);

// Everything about one process, or nothing if it is gone.
std::optional<ProcessInfo> read_process(pid_t pid, const std::string& proc = "/proc");

std::vector<ProcessInfo> all_processes(const std::string& proc = "/proc");
std::vector<ProcessInfo> processes_of(uid_t uid);
std::vector<ProcessInfo> processes_in_session(pid_t sid);
std::vector<ProcessInfo> processes_in_group(pid_t pgid);

// The namespace of a `type` ("pid", "user", as in /proc/PID/ns) that
// `pid` is in ("pid:[4026531836]"), or "" if it is gone.
std::string namespace_of(pid_t pid, const char* type);
inline std::string pid_namespace(pid_t pid) { return namespace_of(pid, "pid"); }
// How many processes share the `type` namespace of `member` (itself
// included).
std::size_t count_sharing_namespace(pid_t member, const char* type);

// "process 'sleep 100' (started by msgq_receiver) was still running after
// the test (it was killed) — ...", with what the contract asks instead, or
// for a zombie how to avoid it. `started_by` may be empty.
std::string process_message(const ProcessInfo& process, const std::string& started_by);

}  // namespace ipcgrade::observe
