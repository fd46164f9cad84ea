// Judges what a test left behind (decisions.md 4 and 5): each IPC object,
// FIFO or socket file is a failure of kind `leak`, each process still
// running or unreaped one of kind `orphan`, unless the test's `leaks`
// policy allows its kind. Blame follows the contract, not the creator: in
// a test where no student program ran, every finding is the reference's.
// One failure, one cause (decisions.md 12): when the runner stopped a
// program (its timeout, a limit), the objects it had not removed yet are
// an effect of that stop, so they are removed but not reported; processes
// left running are reported all the same, since stopping one program does
// not start another.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

#include "judge/verdict.h"
#include "observe/ipc_objects.h"
#include "observe/processes.h"
#include "spec/model.h"

namespace ipcgrade {

// A program the test launched, by its host pid.
struct LaunchedProgram {
  std::string id;       // the process id in the test ("receiver")
  std::string program;  // its first word ("msgq_receiver")
};

struct LeakJudgement {
  spec::LeakPolicy policy;
  bool student_ran = false;
  bool runner_stopped = false;  // a program was stopped at a timeout or limit
  std::map<pid_t, LaunchedProgram> launched;
};

// What the box found, already removed or killed.
struct LeftoverFindings {
  std::vector<observe::IpcObject> objects;
  std::vector<observe::ProcessInfo> processes;
  std::vector<std::string> cleanup_errors;  // the runner's fault: kind internal
};

std::vector<Failure> check_leftovers(const LeftoverFindings& left, const LeakJudgement& how);

// Whether the policy lets this kind be left behind.
bool leak_allowed(const spec::LeakPolicy& policy, spec::LeakKind kind);

}  // namespace ipcgrade
