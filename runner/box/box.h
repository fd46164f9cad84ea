// Where one run of a test happens. A box gives the test its own System V
// and POSIX IPC, /dev/shm, /tmp, network and process tree (namespaces, when
// the machine allows them) or, without namespaces, watches the host's
// shared state before and after the test (decisions.md 5). Either way the
// engine sees the same things: a Launcher to start programs with, where to
// look for paths and sockets, and at the end the list of what the test left
// behind, already removed. "No box" and "box" are two implementations of
// this one interface (decisions.md 2).
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "exec/launcher.h"
#include "observe/ipc_objects.h"
#include "observe/processes.h"

namespace boost::asio {
class io_context;
}

namespace ipcgrade::box {

// One run of one test.
struct BoxConfig {
  int slot = 0;                    // parallel slot: uid 60000 + slot as root
  std::optional<uid_t> uid;        // the slot's uid and gid (runner is root)
  std::optional<gid_t> gid;
  std::filesystem::path scratch;   // the test's working directory, same path inside
  // Directories no program of the test may read (suite files, reference
  // sources): hidden inside a box.
  std::vector<std::filesystem::path> hidden;
  // Directories the test's programs need that may lie under /tmp (the
  // builds, in the run's work directory): a box gives the test an empty
  // /tmp of its own, and brings these back at the same path, as it does
  // the scratch directory.
  std::vector<std::filesystem::path> visible;
  // cgroup.procs files every program of the test must belong to (empty:
  // none); see box/cgroup.h.
  std::vector<std::string> cgroup_procs;
};

// What the runner knows of the test, to tell its objects from the rest of
// the machine's where there is no box (decisions.md 5).
struct Footprint {
  // The words of the test's commands, stdin, files and variables: a POSIX
  // object whose name appears here may be the test's.
  std::vector<std::string> words;
  // Pids of the test's programs as the runner saw them (host pids).
  std::vector<pid_t> pids;
};

// What the test left behind, as found after the scenario and before the
// box was torn down. Everything listed has been removed or killed already.
struct Leftovers {
  std::vector<observe::IpcObject> objects;
  std::vector<observe::ProcessInfo> processes;  // still running, or zombies
  // Leak kinds that could not be observed, with the reason (decisions.md 13).
  std::vector<std::string> unchecked;
  // What could not be removed or killed, one line each (an `internal`
  // problem of the runner, not the student's).
  std::vector<std::string> cleanup_errors;
};

class TestBox {
 public:
  virtual ~TestBox() = default;  // tears down: nothing of the test survives
  // Starts the test's programs (inside the box).
  virtual exec::Launcher& launcher() = 0;
  // How a path of the test (an `exists:` condition, a socket file) is
  // reached from the runner: "/" on the host, "/proc/PID/root/" in a box.
  virtual std::filesystem::path root() const = 0;
  // The test's /proc/net (for `listening:` conditions).
  virtual std::filesystem::path proc_net() const = 0;
  // After the scenario: lists what is left, then removes and kills it.
  virtual Leftovers collect(const Footprint& footprint) = 0;
};

class Isolation {
 public:
  virtual ~Isolation() = default;
  // "box" or "none", as in the JSON report's "isolation".
  virtual std::string name() const = 0;
  // Why there is no box, to say once; unset with namespaces.
  virtual std::optional<std::string> reason() const = 0;
  // How many tests may run at once (1 without namespaces).
  virtual int max_parallel() const = 0;
  // Each box is a user namespace of its own (a runner that is not root),
  // where the kernel counts RLIMIT_NPROC per namespace: the processes limit
  // can then be an rlimit without a slot uid (decisions.md 1).
  virtual bool counts_processes_apart() const { return false; }
  // A fresh box for one run of a test; callbacks run on `io`.
  virtual std::unique_ptr<TestBox> open(boost::asio::io_context& io, const BoxConfig& config,
                                        std::string& error) = 0;
};

// Namespaces when they can be made (and `allow_namespaces`), else none.
std::unique_ptr<Isolation> make_isolation(bool allow_namespaces);

}  // namespace ipcgrade::box
