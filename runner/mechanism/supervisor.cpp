#include "mechanism/supervisor.h"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "mechanism/seccomp_compat.h"

namespace ipcgrade::mechanism {
namespace {

constexpr std::size_t kPathMax = 256;  // /dev/shm names are short; longer ones are not ours

// Reads up to `size` bytes of another process's memory, split at the page
// boundary: process_vm_readv fails a whole iovec that crosses into an
// unmapped page. Returns the bytes read.
std::size_t read_memory(pid_t pid, std::uint64_t address, char* buffer, std::size_t size) {
  const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t first = std::min(size, page - static_cast<std::size_t>(address % page));
  iovec local[2] = {{buffer, first}, {buffer + first, size - first}};
  iovec remote[2] = {{reinterpret_cast<void*>(address), first},
                     {reinterpret_cast<void*>(address + first), size - first}};
  const ssize_t got = ::process_vm_readv(pid, local, size > first ? 2 : 1, remote,
                                         size > first ? 2 : 1, 0);
  return got < 0 ? 0 : static_cast<std::size_t>(got);
}

Call call_of(const seccomp_notif& notif) {
  Call call;
  call.arch = notif.data.arch == AUDIT_ARCH_I386 ? Arch::i386 : Arch::x86_64;
  call.nr = notif.data.nr;
  if (call.arch == Arch::x86_64) call.nr &= ~0x40000000;  // x32 calls
  for (int i = 0; i < 6; ++i) call.args[i] = notif.data.args[i];
  return call;
}

// Pointer arguments are read while the caller is blocked; the notification
// must still be valid afterwards, else the pid may belong to another task.
void read_pointed(int listener, const seccomp_notif& notif, Classified& c) {
  const pid_t pid = static_cast<pid_t>(notif.pid);
  if (c.path_arg >= 0) {
    char path[kPathMax + 1] = {};
    const std::size_t got = read_memory(pid, notif.data.args[c.path_arg], path, kPathMax);
    std::uint64_t id = notif.id;
    if (::ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) != 0) return;
    if (got == 0) return classify_unread_path(c);
    classify_path(c, std::string_view(path, strnlen(path, got)));
  }
  if (c.socket_words_arg >= 0) {
    std::uint32_t words[2] = {};
    const std::size_t got = read_memory(pid, notif.data.args[c.socket_words_arg] & 0xffffffffu,
                                        reinterpret_cast<char*>(words), sizeof words);
    std::uint64_t id = notif.id;
    if (got != sizeof words || ::ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) != 0) return;
    classify_socket(c, static_cast<int>(words[0]), static_cast<int>(words[1]));
  }
}

}  // namespace

Evidence Recording::snapshot() const {
  const std::lock_guard lock(mutex_);
  return evidence_;
}

void Recording::count(const Classified& classified) {
  if (classified.call.empty()) return;
  const std::lock_guard lock(mutex_);
  ++evidence_.calls[classified.call];
  for (const auto& m : classified.mechanisms) ++evidence_.mechanisms[m];
  if (!classified.note.empty() &&
      std::find(evidence_.notes.begin(), evidence_.notes.end(), classified.note) ==
          evidence_.notes.end())
    evidence_.notes.push_back(classified.note);
}

Supervisor& Supervisor::shared() {
  // Never destroyed: its thread may be serving until the process exits.
  static Supervisor* supervisor = new Supervisor();
  return *supervisor;
}

Supervisor::Supervisor() : wake_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
  thread_ = std::thread([this] { loop(); });
  thread_.detach();
}

std::shared_ptr<Recording> Supervisor::serve(int listener, bool sync_wake_up) {
  auto recording = std::make_shared<Recording>();
  if (sync_wake_up) {
    // The supervisor wakes on the CPU the caller left, which roughly
    // halves the cost of a recorded call (Linux 6.6+).
    const std::uint64_t flags = SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP;
    ::ioctl(listener, SECCOMP_IOCTL_NOTIF_SET_FLAGS, flags);
  }
  {
    const std::lock_guard lock(mutex_);
    served_[listener] = recording;
  }
  const std::uint64_t one = 1;
  (void)!::write(wake_, &one, sizeof one);  // the loop polls the new set
  return recording;
}

std::shared_ptr<Recording> Supervisor::recording_of(int listener) {
  const std::lock_guard lock(mutex_);
  const auto found = served_.find(listener);
  return found == served_.end() ? nullptr : found->second;
}

// poll(), not epoll: the kernel's SYNC_WAKE_UP wakes a poll() waiter on the
// caller's CPU, while epoll's own wake-up drops that hint.
void Supervisor::loop() {
  std::vector<pollfd> watched;
  for (;;) {
    watched.assign(1, pollfd{wake_, POLLIN, 0});
    {
      const std::lock_guard lock(mutex_);
      for (const auto& [listener, recording] : served_) watched.push_back({listener, POLLIN, 0});
    }
    if (::poll(watched.data(), watched.size(), -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (watched[0].revents & POLLIN) {
      std::uint64_t count = 0;
      (void)!::read(wake_, &count, sizeof count);
    }
    for (std::size_t i = 1; i < watched.size(); ++i) {
      if (watched[i].revents & POLLIN) {
        serve_one(watched[i].fd);
      } else if (watched[i].revents & (POLLHUP | POLLERR | POLLNVAL)) {
        drop(watched[i].fd);  // every program that held the filter has exited
      }
    }
  }
}

void Supervisor::serve_one(int listener) {
  seccomp_notif notif;
  std::memset(&notif, 0, sizeof notif);  // the kernel wants it zeroed
  if (::ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &notif) != 0) return;  // ENOENT: caller died
  Classified c = classify(call_of(notif));
  read_pointed(listener, notif, c);
  if (auto recording = recording_of(listener)) recording->count(c);
  seccomp_notif_resp response;
  std::memset(&response, 0, sizeof response);
  response.id = notif.id;
  response.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
  // ENOENT: the caller was killed meanwhile. A recorded call is an attempt.
  ::ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &response);
}

void Supervisor::drop(int listener) {
  {
    const std::lock_guard lock(mutex_);
    served_.erase(listener);
  }
  ::close(listener);
}

bool make_listener_socket(int ends[2], std::string& error) {
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends) == 0) return true;
  error = std::string("cannot make a socket for the seccomp listener: ") + std::strerror(errno);
  return false;
}

int receive_listener(int socket, std::string& error) {
  char byte = 0;
  iovec data{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr message{};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  const ssize_t got = ::recvmsg(socket, &message, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);
  const cmsghdr* header = got == 1 ? CMSG_FIRSTHDR(&message) : nullptr;
  if (!header || header->cmsg_type != SCM_RIGHTS || header->cmsg_len != CMSG_LEN(sizeof(int))) {
    error = "the program's seccomp listener never arrived";
    return -1;
  }
  int listener = -1;
  std::memcpy(&listener, CMSG_DATA(header), sizeof listener);
  return listener;
}

}  // namespace ipcgrade::mechanism
