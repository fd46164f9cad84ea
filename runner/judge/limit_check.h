// The test's own limits, held together for all its processes by a cgroup:
// memory and processes. The kernel enforces them (the OOM killer, a failed
// fork), so a program sees their effects, not a verdict: killed by SIGKILL,
// a fork bomb that never ends. One failure, one cause (decisions.md 12):
// when the cgroup says a limit was hit, the failures it explains become one
// failure of kind `limit` per limit.
#pragma once

#include <cstdint>
#include <vector>

#include "judge/observation.h"
#include "judge/verdict.h"

namespace ipcgrade {

struct LimitsHit {
  bool memory = false;  // the OOM killer killed a process of the test
  std::uint64_t memory_limit = 0;
  bool processes = false;  // a fork failed at the processes limit
  std::uint64_t processes_limit = 0;
};

// "1 GiB", "512 MiB", "100 KiB", "1000 bytes".
std::string size_text(std::uint64_t bytes);

// The run's failures with those `hit` explains replaced. Explained: what a
// killed or starved program does afterwards (its exit, crash, timeout,
// output, signals, cpu, leftovers, the mechanism it never got to use, and
// a reference program's complaint about it). Kept: failures of the suite
// or the runner (errors), a build and the runner's own limits (output,
// cpu, file size).
std::vector<Failure> explain_limits(std::vector<Failure> failures, const LimitsHit& hit,
                                    const std::vector<ProcessObservation>& processes,
                                    bool student_ran);

}  // namespace ipcgrade
