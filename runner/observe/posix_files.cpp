// The IPC objects that are files: POSIX shared memory and named semaphores
// on a tmpfs, POSIX message queues on an mqueue mount, FIFOs and sockets
// anywhere. Entries are looked at with lstat, so a symbolic link planted
// by a student never leads the runner elsewhere.
#include <fcntl.h>
#include <mqueue.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "observe/ipc_readers.h"

namespace ipcgrade::observe {

namespace fs = std::filesystem;

namespace {

// statfs(2) names the mqueue filesystem with this magic number.
constexpr long kMqueueMagic = 0x19800202;

IpcObject file_object(spec::LeakKind kind, const std::string& path, const struct stat& st) {
  IpcObject object;
  object.kind = kind;
  object.path = path;
  object.device = st.st_dev;
  object.inode = st.st_ino;
  object.uid = st.st_uid;
  object.mode = st.st_mode & 07777;
  return object;
}

// Calls `visit(entry path, lstat result)` for each entry directly in `dir`.
template <class Visit>
bool for_each_entry(const std::string& dir, std::vector<std::string>& errors, Visit visit) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    errors.push_back(fmt::format("cannot list {}: {}", dir, ec.message()));
    return false;
  }
  for (; it != fs::directory_iterator(); it.increment(ec)) {
    struct stat st;
    const std::string path = it->path().string();
    // An entry removed while we list is simply not there.
    if (::lstat(path.c_str(), &st) == 0) visit(path, st);
  }
  return true;
}

// The queue's file reads as "QSIZE:12 NOTIFY:0 SIGNO:0 NOTIFY_PID:0".
void read_queue_state(const std::string& path, IpcObject& queue) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return;
  char text[256] = {};
  const ssize_t got = ::read(fd, text, sizeof text - 1);
  if (got > 0) {
    const char* qsize = std::strstr(text, "QSIZE:");
    if (qsize) queue.bytes = std::strtoull(qsize + 6, nullptr, 10);
  }
  // An mqueue file opened with open(2) is a queue descriptor to the kernel.
  struct mq_attr attr;
  if (::mq_getattr(fd, &attr) == 0) queue.messages = static_cast<std::uint64_t>(attr.mq_curmsgs);
  ::close(fd);
}

void name_relative(const std::string& working_dir, IpcObject& object) {
  object.name = object.path;
  if (working_dir.empty()) return;
  const fs::path relative =
      fs::path(object.path).lexically_normal().lexically_relative(fs::path(working_dir).lexically_normal());
  if (relative.empty() || *relative.begin() == "..") return;
  object.name = relative.string();
  object.in_working_dir = true;
}

void add_if_special(const std::string& path, const struct stat& st,
                    const std::string& working_dir, std::vector<IpcObject>& found) {
  if (!S_ISFIFO(st.st_mode) && !S_ISSOCK(st.st_mode)) return;
  const auto kind = S_ISFIFO(st.st_mode) ? spec::LeakKind::fifo : spec::LeakKind::socket;
  found.push_back(file_object(kind, path, st));
  name_relative(working_dir, found.back());
}

void scan_tree(const std::string& dir, const std::string& working_dir,
               std::vector<IpcObject>& found, std::vector<std::string>& errors) {
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
  if (ec) {
    errors.push_back(fmt::format("cannot list {}: {}", dir, ec.message()));
    return;
  }
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    struct stat st;
    const std::string path = it->path().string();
    if (::lstat(path.c_str(), &st) == 0) add_if_special(path, st, working_dir, found);
  }
}

}  // namespace

bool is_mqueue_fs(const std::string& dir) {
  struct statfs info;
  return ::statfs(dir.c_str(), &info) == 0 && static_cast<long>(info.f_type) == kMqueueMagic;
}

std::vector<IpcObject> read_shm_dir(const std::string& dir, std::vector<std::string>& errors) {
  std::vector<IpcObject> found;
  for_each_entry(dir, errors, [&](const std::string& path, const struct stat& st) {
    if (!S_ISREG(st.st_mode)) return;
    const std::string file = fs::path(path).filename().string();
    const bool semaphore = file.rfind("sem.", 0) == 0 && file.size() > 4;
    found.push_back(file_object(semaphore ? spec::LeakKind::posix_sem : spec::LeakKind::posix_shm,
                                path, st));
    found.back().name = "/" + (semaphore ? file.substr(4) : file);
    found.back().bytes = static_cast<std::uint64_t>(st.st_size);
  });
  return found;
}

std::vector<IpcObject> read_mqueue_dir(const std::string& dir, std::vector<std::string>& errors) {
  std::vector<IpcObject> found;
  if (!is_mqueue_fs(dir)) {
    errors.push_back(fmt::format("{} is not an mqueue filesystem", dir));
    return found;
  }
  for_each_entry(dir, errors, [&](const std::string& path, const struct stat& st) {
    if (!S_ISREG(st.st_mode)) return;
    found.push_back(file_object(spec::LeakKind::posix_mq, path, st));
    found.back().name = "/" + fs::path(path).filename().string();
    read_queue_state(path, found.back());
  });
  return found;
}

std::vector<IpcObject> scan_special_files(const std::string& dir, bool recursive,
                                          const std::string& working_dir,
                                          std::vector<std::string>& errors) {
  std::vector<IpcObject> found;
  if (recursive) {
    scan_tree(dir, working_dir, found, errors);
    return found;
  }
  for_each_entry(dir, errors, [&](const std::string& path, const struct stat& st) {
    add_if_special(path, st, working_dir, found);
  });
  return found;
}

}  // namespace ipcgrade::observe
