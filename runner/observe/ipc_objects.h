// What a test may leave behind, as the kernel shows it: System V objects
// from /proc/sysvipc, POSIX shared memory and named semaphores as files of
// a /dev/shm-like directory, POSIX message queues as files of an mqueue
// mount, and FIFOs and socket files in the directories a test writes to.
// This layer only reads the OS (and removes on request); deciding which
// objects belong to a test is the runner's business (decisions.md 5).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "spec/model.h"

namespace ipcgrade::observe {

struct IpcObject {
  spec::LeakKind kind = spec::LeakKind::sysv_shm;
  // What the student calls it: the decimal key for System V, "/NAME" for
  // POSIX objects, the path relative to the working directory for FIFOs and
  // sockets in it, else their absolute path.
  std::string name;
  std::string path;  // the file behind it; empty for System V
  bool in_working_dir = false;
  long key = 0;   // System V; 0 is IPC_PRIVATE
  long id = -1;   // System V
  std::uint64_t device = 0;  // files: with inode, tells a recreated file apart
  std::uint64_t inode = 0;
  uid_t uid = 0;  // owner
  unsigned mode = 0;  // permission bits
  pid_t creator = 0;        // System V shm: cpid
  pid_t last_user = 0;      // System V shm: lpid; msg: lspid (last sender)
  pid_t last_receiver = 0;  // System V msg: lrpid
  std::uint64_t bytes = 0;     // shm size, queued bytes (msg cbytes, mqueue QSIZE)
  std::uint64_t messages = 0;  // System V msg qnum, POSIX mq_curmsgs
  int nattch = 0;  // System V shm
  int nsems = 0;   // System V sem
};

// Where to look. Every place is read as the calling process sees it.
struct SnapshotPlaces {
  std::string sysvipc_dir = "/proc/sysvipc";
  std::string shm_dir = "/dev/shm";
  // A mounted mqueue filesystem (see mqueue_view.h); unset when there is
  // none, with the reason in mqueue_unavailable.
  std::optional<std::string> mqueue_dir;
  std::optional<std::string> mqueue_unavailable;
  std::vector<std::string> scan_recursive;  // FIFOs and sockets at any depth (scratch)
  std::vector<std::string> scan_top_level;  // FIFOs and sockets directly inside (/tmp)
  std::string working_dir;  // entries below it are named relative to it
};

struct Snapshot {
  std::vector<IpcObject> objects;
  // Set when POSIX message queues could not be seen, saying why.
  std::optional<std::string> mqueue_unavailable;
  // Places that should have been readable and were not, one line each.
  std::vector<std::string> errors;
};

Snapshot take_snapshot(const SnapshotPlaces& places);

// The objects of `after` that `before` did not have. Identity is the kind
// with the System V id and key, or the file's path, device and inode: an
// object removed and created again under the same name counts as new.
std::vector<IpcObject> appeared(const Snapshot& before, const Snapshot& after);

// Who a pid was, for messages: the test's program names by pid.
using PidNames = std::map<pid_t, std::string>;

// One sentence a student can act on: what was left and how to remove it.
std::string leak_message(const IpcObject& object);
// The same, naming the test's programs where the kernel recorded a pid of
// theirs (System V creator and last sender).
std::string leak_message(const IpcObject& object, const PidNames& programs);

// Removes the object: IPC_RMID for System V, unlink for files. True when it
// no longer exists afterwards (also when it was already gone). A file that
// has been replaced by another one under the same path is left alone.
bool remove_object(const IpcObject& object, std::string& error);

}  // namespace ipcgrade::observe
