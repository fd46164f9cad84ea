#include "observe/ipc_objects.h"

#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "observe/ipc_readers.h"

namespace ipcgrade::observe {

namespace {

using Identity = std::tuple<spec::LeakKind, long, long, std::string, std::uint64_t, std::uint64_t>;

Identity identity_of(const IpcObject& object) {
  return {object.kind, object.id, object.key, object.path, object.device, object.inode};
}

void append(std::vector<IpcObject>& to, std::vector<IpcObject> from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

bool is_sysv(spec::LeakKind kind) {
  return kind == spec::LeakKind::sysv_shm || kind == spec::LeakKind::sysv_msg ||
         kind == spec::LeakKind::sysv_sem;
}

// EINVAL and EIDRM both mean that no object has this id any more.
bool remove_sysv(const IpcObject& object, std::string& error) {
  int result = -1;
  if (object.kind == spec::LeakKind::sysv_shm)
    result = ::shmctl(static_cast<int>(object.id), IPC_RMID, nullptr);
  else if (object.kind == spec::LeakKind::sysv_msg)
    result = ::msgctl(static_cast<int>(object.id), IPC_RMID, nullptr);
  else
    result = ::semctl(static_cast<int>(object.id), 0, IPC_RMID);
  if (result == 0 || errno == EINVAL || errno == EIDRM) return true;
  error = fmt::format("cannot remove System V object id {}: {}", object.id, std::strerror(errno));
  return false;
}

// The file is checked to be the one observed, so that a runner that
// removes only what a test created never deletes someone else's file that
// took the same path in the meantime.
bool remove_file(const IpcObject& object, std::string& error) {
  struct stat st;
  if (::lstat(object.path.c_str(), &st) != 0) {
    if (errno == ENOENT) return true;
    error = fmt::format("cannot remove {}: {}", object.path, std::strerror(errno));
    return false;
  }
  if (st.st_ino != object.inode || st.st_dev != object.device) {
    error = fmt::format("not removing {}: it was replaced by another file", object.path);
    return false;
  }
  if (::unlink(object.path.c_str()) == 0 || errno == ENOENT) return true;
  error = fmt::format("cannot remove {}: {}", object.path, std::strerror(errno));
  return false;
}

}  // namespace

Snapshot take_snapshot(const SnapshotPlaces& places) {
  Snapshot snapshot;
  auto& errors = snapshot.errors;
  append(snapshot.objects, read_sysv_objects(places.sysvipc_dir, errors));
  append(snapshot.objects, read_shm_dir(places.shm_dir, errors));
  if (places.mqueue_dir) {
    append(snapshot.objects, read_mqueue_dir(*places.mqueue_dir, errors));
  } else {
    snapshot.mqueue_unavailable =
        places.mqueue_unavailable.value_or("no mqueue filesystem to list POSIX message queues");
  }
  for (const auto& dir : places.scan_recursive)
    append(snapshot.objects, scan_special_files(dir, true, places.working_dir, errors));
  for (const auto& dir : places.scan_top_level)
    append(snapshot.objects, scan_special_files(dir, false, places.working_dir, errors));
  return snapshot;
}

std::vector<IpcObject> appeared(const Snapshot& before, const Snapshot& after) {
  std::set<Identity> known;
  for (const auto& object : before.objects) known.insert(identity_of(object));
  std::vector<IpcObject> fresh;
  for (const auto& object : after.objects) {
    // The same directory may be scanned twice (scratch inside /tmp).
    if (known.insert(identity_of(object)).second) fresh.push_back(object);
  }
  return fresh;
}

bool remove_object(const IpcObject& object, std::string& error) {
  if (is_sysv(object.kind)) return remove_sysv(object, error);
  if (object.path.empty()) {
    error = "not an IPC object or file: nothing to remove";
    return false;
  }
  return remove_file(object, error);
}

}  // namespace ipcgrade::observe
