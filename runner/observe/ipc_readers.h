// The readers behind take_snapshot(), one per place, exposed so that tests
// can feed them fixed text and so that a later in-box audit can pick the
// places it needs. Each appends what it could not read to `errors`.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include "observe/ipc_objects.h"

namespace ipcgrade::observe {

// One table of /proc/sysvipc (`kind` is sysv_shm, sysv_msg or sysv_sem),
// read by its header line so that added kernel columns do no harm.
std::vector<IpcObject> parse_sysv_table(spec::LeakKind kind, std::istream& table);

// shm, msg and sem tables of a /proc/sysvipc-like directory.
std::vector<IpcObject> read_sysv_objects(const std::string& dir, std::vector<std::string>& errors);

// Regular files of a /dev/shm-like directory: `sem.NAME` is the named
// semaphore "/NAME", every other file the shared memory object "/FILE".
std::vector<IpcObject> read_shm_dir(const std::string& dir, std::vector<std::string>& errors);

// Queues of an mqueue mount: queued bytes from the file's QSIZE, messages
// from mq_getattr() on the opened file.
std::vector<IpcObject> read_mqueue_dir(const std::string& dir, std::vector<std::string>& errors);

// FIFOs and sockets in `dir` (below it too when `recursive`), never
// following symbolic links. Those under `working_dir` are named relative
// to it.
std::vector<IpcObject> scan_special_files(const std::string& dir, bool recursive,
                                          const std::string& working_dir,
                                          std::vector<std::string>& errors);

// True when `dir` is the root of, or inside, an mqueue filesystem.
bool is_mqueue_fs(const std::string& dir);

}  // namespace ipcgrade::observe
