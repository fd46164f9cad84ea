#include "box/box_mounts.h"

#include <fcntl.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ipcgrade::box {
namespace {

namespace fs = std::filesystem;
using exec::UniqueFd;

bool failed(std::string& error, const std::string& what) {
  error = what + ": " + std::strerror(errno);
  return false;
}

bool mount_tmpfs(const char* target, unsigned long flags, const char* options,
                 std::string& error) {
  if (::mount("tmpfs", target, "tmpfs", flags, options) == 0) return true;
  return failed(error, std::string("mount tmpfs on ") + target);
}

bool under_tmp(const fs::path& path) {
  const std::string text = path.lexically_normal().string();
  return text.rfind("/tmp/", 0) == 0 && text.size() > 5;
}

// A directory of the host's /tmp to bring back once /tmp is the box's own:
// opened before the new /tmp hides it.
struct Kept {
  fs::path path;
  UniqueFd fd;
};

bool open_kept(const fs::path& path, bool required, std::vector<Kept>& kept, std::string& error) {
  if (path.empty() || !under_tmp(path)) return true;
  UniqueFd fd(::open(path.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) return !required || failed(error, "open " + path.string());
  kept.push_back({path.lexically_normal(), std::move(fd)});
  return true;
}

// Parents made on the box's tmpfs are root's, and only traversed.
bool bind_back(const Kept& kept, std::string& error) {
  fs::path made = "/";
  for (const auto& part : kept.path.relative_path()) {
    made /= part;
    if (::mkdir(made.c_str(), 0711) != 0 && errno != EEXIST)
      return failed(error, "mkdir " + made.string());
  }
  const std::string source = "/proc/self/fd/" + std::to_string(kept.fd.get());
  if (::mount(source.c_str(), kept.path.c_str(), nullptr, MS_BIND | MS_REC, nullptr) == 0)
    return true;
  return failed(error, "bind " + kept.path.string());
}

// A visible directory (the builds) becomes a read-only mount of its own:
// not as root the programs share the runner's uid, and with it the owner
// of the reference's execute-only binaries, which could otherwise chmod
// them readable again. A remount inside a user namespace must keep the
// flags it inherited (nosuid, nodev, noexec are locked there).
bool bind_read_only(const fs::path& dir, std::string& error) {
  struct statvfs info {};
  if (::statvfs(dir.c_str(), &info) != 0) return true;  // gone: nothing to protect
  if (::mount(dir.c_str(), dir.c_str(), nullptr, MS_BIND | MS_REC, nullptr) != 0)
    return failed(error, "bind " + dir.string());
  unsigned long flags = MS_BIND | MS_REMOUNT | MS_RDONLY;
  for (auto [kept, flag] : {std::pair{ST_NOSUID, MS_NOSUID}, {ST_NODEV, MS_NODEV},
                            {ST_NOEXEC, MS_NOEXEC}, {ST_NOATIME, MS_NOATIME},
                            {ST_NODIRATIME, MS_NODIRATIME}, {ST_RELATIME, MS_RELATIME}})
    if (info.f_flag & kept) flags |= flag;
  if (::mount(nullptr, dir.c_str(), nullptr, flags, nullptr) != 0)
    return failed(error, "make " + dir.string() + " read-only");
  return true;
}

bool hide(const fs::path& dir, std::string& error) {
  struct stat info {};
  if (::stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) return true;
  return mount_tmpfs(dir.c_str(), MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
                     "mode=000,size=4k", error);
}

// An mqueue mount needs no mount point: the new mount API gives a detached
// one, tied to the IPC namespace of its maker, and an fd that holds it.
void open_mqueue(BoxMounts& mounts) {
  UniqueFd context(::fsopen("mqueue", FSOPEN_CLOEXEC));
  if (context.valid() && ::fsconfig(context.get(), FSCONFIG_CMD_CREATE, nullptr, nullptr, 0) == 0)
    mounts.mqueue = UniqueFd(::fsmount(context.get(), FSMOUNT_CLOEXEC, 0));
  if (!mounts.mqueue.valid()) {
    mounts.mqueue_unavailable =
        std::string("cannot mount an mqueue filesystem in the box: ") + std::strerror(errno);
    return;
  }
  mounts.mqueue_dir = "/proc/1/fd/" + std::to_string(mounts.mqueue.get());
}

bool loopback_up(std::string& error) {
  UniqueFd sock(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (!sock.valid()) return failed(error, "socket");
  ifreq request{};
  std::strncpy(request.ifr_name, "lo", IFNAMSIZ - 1);
  if (::ioctl(sock.get(), SIOCGIFFLAGS, &request) != 0) return failed(error, "loopback flags");
  request.ifr_flags = static_cast<short>(request.ifr_flags | IFF_UP);
  if (::ioctl(sock.get(), SIOCSIFFLAGS, &request) != 0) return failed(error, "loopback up");
  return true;
}

}  // namespace

bool make_box_mounts(const MountPlan& plan, BoxMounts& mounts, std::string& error) {
  // Nothing mounted in the box may propagate to the host.
  if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
    return failed(error, "make / private");
  mounts.host_proc = UniqueFd(::open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!mounts.host_proc.valid()) return failed(error, "open /proc");
  std::vector<Kept> kept;
  if (!open_kept(plan.scratch, true, kept, error)) return false;
  for (const auto& dir : plan.visible)
    if (!open_kept(dir, false, kept, error)) return false;

  if (::mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, nullptr) != 0)
    return failed(error, "mount proc");
  if (!mount_tmpfs("/dev/shm", MS_NOSUID | MS_NODEV, "mode=1777", error)) return false;
  if (!mount_tmpfs("/tmp", MS_NOSUID | MS_NODEV, "mode=1777", error)) return false;
  for (const auto& dir : kept)
    if (!bind_back(dir, error)) return false;
  for (const auto& dir : plan.visible)
    if (!bind_read_only(dir, error)) return false;
  for (const auto& dir : plan.hidden)
    if (!hide(dir, error)) return false;
  open_mqueue(mounts);
  return loopback_up(error);
}

}  // namespace ipcgrade::box
