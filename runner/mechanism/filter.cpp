#include "mechanism/filter.h"

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <map>
#include <mutex>

#include "mechanism/vocabulary.h"

#include "mechanism/seccomp_compat.h"

namespace ipcgrade::mechanism {
namespace {

constexpr std::uint32_t kX32Bit = 0x40000000;
constexpr std::uint32_t kAllow = SECCOMP_RET_ALLOW;
constexpr std::uint32_t kNotify = SECCOMP_RET_USER_NOTIF;
constexpr std::uint32_t errno_action(int error) {
  return SECCOMP_RET_ERRNO | (static_cast<std::uint32_t>(error) & SECCOMP_RET_DATA);
}

// Where a 32-bit half of an argument sits in struct seccomp_data (x86 is
// little-endian: the low half first).
constexpr std::uint32_t arg_low(int arg) {
  return offsetof(seccomp_data, args) + 8 * static_cast<std::uint32_t>(arg);
}
constexpr std::uint32_t arg_high(int arg) { return arg_low(arg) + 4; }

struct Rule {
  std::uint32_t nr;
  std::uint32_t action;
  Only only = Only::always;
  int arg = 0;
};

// The calls no program under test may make, on either ABI (x32's own
// numbers included in the x86_64 list).
const std::vector<Rule> kDeny64 = {
    {101, errno_action(EPERM)}, {310, errno_action(EPERM)}, {311, errno_action(EPERM)},
    {521, errno_action(EPERM)}, {539, errno_action(EPERM)}, {540, errno_action(EPERM)}};
const std::vector<Rule> kDeny32 = {
    {26, errno_action(EPERM)}, {347, errno_action(EPERM)}, {348, errno_action(EPERM)}};

class Program {
 public:
  void stmt(std::uint16_t code, std::uint32_t k) { p_.push_back(BPF_STMT(code, k)); }
  void jump(std::uint16_t code, std::uint32_t k, std::uint8_t jt, std::uint8_t jf) {
    p_.push_back(BPF_JUMP(code, k, jt, jf));
  }
  void ret(std::uint32_t action) { stmt(BPF_RET | BPF_K, action); }
  std::size_t size() const { return p_.size(); }
  std::vector<sock_filter>& code() { return p_; }

 private:
  std::vector<sock_filter> p_;
};

// (arg & mask) == value -> action, else allow.
void masked(Program& p, int arg, std::uint32_t mask, std::uint32_t value, std::uint32_t action) {
  p.stmt(BPF_LD | BPF_W | BPF_ABS, arg_low(arg));
  p.stmt(BPF_ALU | BPF_AND | BPF_K, mask);
  p.jump(BPF_JMP | BPF_JEQ | BPF_K, value, 0, 1);
  p.ret(action);
  p.ret(kAllow);
}

// A rule's body, run when the number matched; every path returns.
Program body(const Rule& rule) {
  Program p;
  switch (rule.only) {
    case Only::always:
      p.ret(rule.action);
      break;
    case Only::new_process:
      masked(p, rule.arg, CLONE_THREAD, 0, rule.action);
      break;
    case Only::shared_anon_map:
      masked(p, rule.arg, 0x01 | 0x20, 0x01 | 0x20, rule.action);  // MAP_SHARED | MAP_ANONYMOUS
      break;
    case Only::shm_open_flags:
      masked(p, rule.arg, O_NOFOLLOW, O_NOFOLLOW, rule.action);
      break;
    case Only::fifo_mode:
      masked(p, rule.arg, S_IFMT, S_IFIFO, rule.action);
      break;
    case Only::new_listener:
      masked(p, rule.arg, SECCOMP_FILTER_FLAG_NEW_LISTENER, SECCOMP_FILTER_FLAG_NEW_LISTENER,
             rule.action);
      break;
    case Only::new_handler:  // a non-null pointer: either half nonzero
      p.stmt(BPF_LD | BPF_W | BPF_ABS, arg_low(rule.arg));
      p.jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 0, 2);
      p.stmt(BPF_LD | BPF_W | BPF_ABS, arg_high(rule.arg));
      p.jump(BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 0);
      p.ret(rule.action);
      p.ret(kAllow);
      break;
  }
  return p;
}

// One ABI's block: load the number, one test per rule, allow the rest.
std::vector<sock_filter> section(const std::vector<Rule>& rules, bool x86_64) {
  Program p;
  p.stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr));
  if (x86_64) p.stmt(BPF_ALU | BPF_AND | BPF_K, ~kX32Bit);
  for (const Rule& rule : rules) {
    Program b = body(rule);
    p.jump(BPF_JMP | BPF_JEQ | BPF_K, rule.nr, 0, static_cast<std::uint8_t>(b.size()));
    p.code().insert(p.code().end(), b.code().begin(), b.code().end());
  }
  p.ret(kAllow);
  return p.code();
}

std::vector<Rule> rules_for(Arch arch, const std::set<std::string>* recorded) {
  std::vector<Rule> rules = arch == Arch::x86_64 ? kDeny64 : kDeny32;
  if (!recorded) return rules;
  rules.push_back({435, errno_action(ENOSYS)});  // clone3, the same number on both
  for (const SyscallEntry& e : syscall_table()) {
    if (e.arch != arch || (!e.vocabulary && !recorded->count(std::string(e.name)))) continue;
    rules.push_back({static_cast<std::uint32_t>(e.nr), kNotify, e.only, e.arg});
  }
  return rules;
}

std::shared_ptr<const Filter> build(const std::set<std::string>* recorded) {
  const std::vector<sock_filter> block64 = section(rules_for(Arch::x86_64, recorded), true);
  const std::vector<sock_filter> block32 = section(rules_for(Arch::i386, recorded), false);
  Program p;
  p.stmt(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch));
  p.jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 0, 1);
  p.stmt(BPF_JMP | BPF_JA, 3);  // to block64, after the next three
  p.jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0, 1);
  p.stmt(BPF_JMP | BPF_JA, static_cast<std::uint32_t>(1 + block64.size()));
  p.ret(kAllow);
  auto filter = std::make_shared<Filter>();
  filter->program = std::move(p.code());
  filter->program.insert(filter->program.end(), block64.begin(), block64.end());
  filter->program.insert(filter->program.end(), block32.begin(), block32.end());
  filter->listener = recorded != nullptr;
  if (recorded) filter->extra_calls = *recorded;
  return filter;
}

std::string kernel_release() {
  utsname names{};
  if (::uname(&names) != 0) return "unknown";
  return names.release;
}

// Exit codes of the probe child.
enum ProbeResult { full = 0, no_sync_wake_up = 1, no_seccomp = 2, no_listener = 3, no_killable = 4 };

long seccomp_install(unsigned flags, const sock_fprog& prog) {
  return ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
}

[[noreturn]] void probe_child() {
  sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  const sock_fprog prog{1, &allow};
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || seccomp_install(0, prog) < 0)
    ::_exit(no_seccomp);
  if (seccomp_install(SECCOMP_FILTER_FLAG_NEW_LISTENER, prog) < 0) ::_exit(no_listener);
  ::_exit(full);
}

[[noreturn]] void probe_killable_child() {
  sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  const sock_fprog prog{1, &allow};
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) ::_exit(no_seccomp);
  const long fd = seccomp_install(
      SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV, prog);
  if (fd < 0) ::_exit(no_killable);
  const std::uint64_t flags = SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP;
  if (::ioctl(static_cast<int>(fd), SECCOMP_IOCTL_NOTIF_SET_FLAGS, flags) != 0)
    ::_exit(no_sync_wake_up);
  ::_exit(full);
}

int run_probe(void (*child)()) {
  const pid_t pid = ::fork();
  if (pid < 0) return no_seccomp;
  if (pid == 0) child();
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : no_seccomp;
}

Support probe() {
  Support s;
  const std::string kernel = "Linux " + kernel_release();
  const int basic = run_probe(probe_child);
  s.seccomp = basic != no_seccomp;
  if (basic == no_seccomp) {
    s.reason = "seccomp filters are not available (" + kernel + ")";
    return s;
  }
  if (basic == no_listener) {
    s.reason = "the kernel has no seccomp user notification (" + kernel + "; 5.19 or later needed)";
    return s;
  }
  const int killable = run_probe(probe_killable_child);
  if (killable == no_killable || killable == no_seccomp) {
    s.reason = "the kernel lacks SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (" + kernel +
               "; 5.19 or later needed)";
    return s;
  }
  s.user_notification = true;
  s.sync_wake_up = killable == full;
  return s;
}

}  // namespace

std::shared_ptr<const Filter> deny_filter() {
  static const std::shared_ptr<const Filter> filter = build(nullptr);
  return filter;
}

std::shared_ptr<const Filter> recording_filter(const std::set<std::string>& extra_calls) {
  static std::mutex mutex;
  static std::map<std::set<std::string>, std::shared_ptr<const Filter>> built;
  const std::lock_guard lock(mutex);
  auto& filter = built[extra_calls];
  if (!filter) filter = build(&extra_calls);
  return filter;
}

unsigned install_flags(const Filter& filter) {
  return filter.listener
             ? SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
             : 0;
}

const Support& support() {
  static const Support found = probe();
  return found;
}

int install_in_child(const Filter& filter, int socket) noexcept {
  const sock_fprog prog{static_cast<unsigned short>(filter.program.size()),
                        const_cast<sock_filter*>(filter.program.data())};
  const long fd = seccomp_install(install_flags(filter), prog);
  if (fd < 0) return errno;
  if (!filter.listener) return 0;
  char byte = 'L';
  iovec data{&byte, 1};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  msghdr message{};
  message.msg_iov = &data;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof control;
  cmsghdr* header = CMSG_FIRSTHDR(&message);
  header->cmsg_level = SOL_SOCKET;
  header->cmsg_type = SCM_RIGHTS;
  header->cmsg_len = CMSG_LEN(sizeof(int));
  const int listener = static_cast<int>(fd);
  std::memcpy(CMSG_DATA(header), &listener, sizeof listener);
  const ssize_t sent = ::sendmsg(socket, &message, MSG_NOSIGNAL);
  const int error = sent == 1 ? 0 : (sent < 0 ? errno : EIO);
  ::close(listener);
  ::close(socket);
  return error;
}

}  // namespace ipcgrade::mechanism
