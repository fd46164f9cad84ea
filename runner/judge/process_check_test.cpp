#include "judge/process_check.h"

#include <catch2/catch.hpp>
#include <csignal>

namespace ipcgrade {

TEST_CASE("SIGKILL past the CPU limit is the hard CPU limit, not an exit", "[limits]") {
  spec::ProcessSpec spec;
  spec.id = "relay";
  ProcessObservation seen;
  seen.id = "relay";
  seen.program = "pipe_relay";
  seen.wait_status = SIGKILL;  // killed by SIGKILL
  seen.cpu_limit_seconds = 2;
  seen.cpu = std::chrono::milliseconds(3010);
  auto failures = check_process({&spec, &seen});
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].kind == FailureKind::limit);
  CHECK(failures[0].message ==
        "used all the CPU time it may (limits.cpu), did not stop at SIGXCPU and was killed by "
        "SIGKILL");

  seen.cpu = std::chrono::milliseconds(100);  // someone else's SIGKILL
  failures = check_process({&spec, &seen});
  REQUIRE(failures.size() == 1);
  CHECK(failures[0].kind == FailureKind::exit);
}

}  // namespace ipcgrade
