#include "mechanism/vocabulary.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "spec/loader.h"

namespace ipcgrade::mechanism {
namespace {

using A = Arch;
using O = Only;

// x86_64 numbers from asm/unistd_64.h (with the x32 ones above 511 that
// differ), i386 numbers from asm/unistd_32.h. i386 reaches System V IPC and
// sockets also through the ipc() and socketcall() multiplexers.
constexpr SyscallEntry kTable[] = {
    // pipe
    {"pipe", A::x86_64, 22, O::always, 0, true},
    {"pipe2", A::x86_64, 293, O::always, 0, true},
    {"pipe", A::i386, 42, O::always, 0, true},
    {"pipe2", A::i386, 331, O::always, 0, true},
    // fifo
    {"mknod", A::x86_64, 133, O::fifo_mode, 1, true},
    {"mknodat", A::x86_64, 259, O::fifo_mode, 2, true},
    {"mknod", A::i386, 14, O::fifo_mode, 1, true},
    {"mknodat", A::i386, 297, O::fifo_mode, 2, true},
    // posix_shm and posix_sem: shm_open and sem_open open under /dev/shm
    {"open", A::x86_64, 2, O::shm_open_flags, 1, true},
    {"openat", A::x86_64, 257, O::shm_open_flags, 2, true},
    {"open", A::i386, 5, O::shm_open_flags, 1, true},
    {"openat", A::i386, 295, O::shm_open_flags, 2, true},
    {"link", A::x86_64, 86, O::always, 0, true},
    {"linkat", A::x86_64, 265, O::always, 0, true},
    {"link", A::i386, 9, O::always, 0, true},
    {"linkat", A::i386, 303, O::always, 0, true},
    // sysv_shm
    {"shmget", A::x86_64, 29, O::always, 0, true},
    {"shmat", A::x86_64, 30, O::always, 0, true},
    {"shmctl", A::x86_64, 31, O::always, 0, true},
    {"shmdt", A::x86_64, 67, O::always, 0, true},
    {"shmget", A::i386, 395, O::always, 0, true},
    {"shmctl", A::i386, 396, O::always, 0, true},
    {"shmat", A::i386, 397, O::always, 0, true},
    {"shmdt", A::i386, 398, O::always, 0, true},
    {"ipc", A::i386, 117, O::always, 0, true},
    // shared_anon_mmap
    {"mmap", A::x86_64, 9, O::shared_anon_map, 3, true},
    {"mmap2", A::i386, 192, O::shared_anon_map, 3, true},
    // sysv_msg
    {"msgget", A::x86_64, 68, O::always, 0, true},
    {"msgsnd", A::x86_64, 69, O::always, 0, true},
    {"msgrcv", A::x86_64, 70, O::always, 0, true},
    {"msgctl", A::x86_64, 71, O::always, 0, true},
    {"msgget", A::i386, 399, O::always, 0, true},
    {"msgsnd", A::i386, 400, O::always, 0, true},
    {"msgrcv", A::i386, 401, O::always, 0, true},
    {"msgctl", A::i386, 402, O::always, 0, true},
    // posix_mq
    {"mq_open", A::x86_64, 240, O::always, 0, true},
    {"mq_unlink", A::x86_64, 241, O::always, 0, true},
    {"mq_timedsend", A::x86_64, 242, O::always, 0, true},
    {"mq_timedreceive", A::x86_64, 243, O::always, 0, true},
    {"mq_notify", A::x86_64, 244, O::always, 0, true},
    {"mq_notify", A::x86_64, 527, O::always, 0, true},
    {"mq_open", A::i386, 277, O::always, 0, true},
    {"mq_unlink", A::i386, 278, O::always, 0, true},
    {"mq_timedsend", A::i386, 279, O::always, 0, true},
    {"mq_timedreceive", A::i386, 280, O::always, 0, true},
    {"mq_notify", A::i386, 281, O::always, 0, true},
    {"mq_timedsend", A::i386, 418, O::always, 0, true},
    {"mq_timedreceive", A::i386, 419, O::always, 0, true},
    // signal_handler
    {"rt_sigaction", A::x86_64, 13, O::new_handler, 1, true},
    {"rt_sigaction", A::x86_64, 512, O::new_handler, 1, true},
    {"rt_sigaction", A::i386, 174, O::new_handler, 1, true},
    {"sigaction", A::i386, 67, O::new_handler, 1, true},
    {"signal", A::i386, 48, O::new_handler, 1, true},
    // kill
    {"kill", A::x86_64, 62, O::always, 0, true},
    {"tkill", A::x86_64, 200, O::always, 0, true},
    {"tgkill", A::x86_64, 234, O::always, 0, true},
    {"rt_sigqueueinfo", A::x86_64, 129, O::always, 0, true},
    {"rt_sigqueueinfo", A::x86_64, 524, O::always, 0, true},
    {"rt_tgsigqueueinfo", A::x86_64, 297, O::always, 0, true},
    {"rt_tgsigqueueinfo", A::x86_64, 536, O::always, 0, true},
    {"pidfd_send_signal", A::x86_64, 424, O::always, 0, true},
    {"kill", A::i386, 37, O::always, 0, true},
    {"tkill", A::i386, 238, O::always, 0, true},
    {"tgkill", A::i386, 270, O::always, 0, true},
    {"rt_sigqueueinfo", A::i386, 178, O::always, 0, true},
    {"rt_tgsigqueueinfo", A::i386, 335, O::always, 0, true},
    {"pidfd_send_signal", A::i386, 424, O::always, 0, true},
    // fork (clone3 is refused with ENOSYS while recording: libc falls back
    // to clone, whose flags are a scalar)
    {"clone", A::x86_64, 56, O::new_process, 0, true},
    {"fork", A::x86_64, 57, O::always, 0, true},
    {"vfork", A::x86_64, 58, O::always, 0, true},
    {"fork", A::i386, 2, O::always, 0, true},
    {"clone", A::i386, 120, O::new_process, 0, true},
    {"vfork", A::i386, 190, O::always, 0, true},
    // tcp, udp, unix_stream
    {"socket", A::x86_64, 41, O::always, 0, true},
    {"socketpair", A::x86_64, 53, O::always, 0, true},
    {"socket", A::i386, 359, O::always, 0, true},
    {"socketpair", A::i386, 360, O::always, 0, true},
    {"socketcall", A::i386, 102, O::always, 0, true},
    // multiplex
    {"select", A::x86_64, 23, O::always, 0, true},
    {"poll", A::x86_64, 7, O::always, 0, true},
    {"epoll_wait", A::x86_64, 232, O::always, 0, true},
    {"pselect6", A::x86_64, 270, O::always, 0, true},
    {"ppoll", A::x86_64, 271, O::always, 0, true},
    {"epoll_pwait", A::x86_64, 281, O::always, 0, true},
    {"epoll_pwait2", A::x86_64, 441, O::always, 0, true},
    {"select", A::i386, 142, O::always, 0, true},
    {"poll", A::i386, 168, O::always, 0, true},
    {"epoll_wait", A::i386, 256, O::always, 0, true},
    {"pselect6", A::i386, 308, O::always, 0, true},
    {"ppoll", A::i386, 309, O::always, 0, true},
    {"epoll_pwait", A::i386, 319, O::always, 0, true},
    {"pselect6", A::i386, 413, O::always, 0, true},
    {"ppoll", A::i386, 414, O::always, 0, true},
    {"epoll_pwait2", A::i386, 441, O::always, 0, true},
    // A program that installs a listener of its own gets EBUSY: say so.
    {"seccomp", A::x86_64, 317, O::new_listener, 1, true},
    {"seccomp", A::i386, 354, O::new_listener, 1, true},
    // Countable when `calls` names them.
    {"semget", A::x86_64, 64, O::always, 0, false},
    {"semop", A::x86_64, 65, O::always, 0, false},
    {"semctl", A::x86_64, 66, O::always, 0, false},
    {"semtimedop", A::x86_64, 220, O::always, 0, false},
    {"semget", A::i386, 393, O::always, 0, false},
    {"semctl", A::i386, 394, O::always, 0, false},
    {"semtimedop", A::i386, 420, O::always, 0, false},
    {"connect", A::x86_64, 42, O::always, 0, false},
    {"accept", A::x86_64, 43, O::always, 0, false},
    {"sendto", A::x86_64, 44, O::always, 0, false},
    {"recvfrom", A::x86_64, 45, O::always, 0, false},
    {"recvfrom", A::x86_64, 517, O::always, 0, false},
    {"recvmsg", A::x86_64, 47, O::always, 0, false},
    {"recvmsg", A::x86_64, 519, O::always, 0, false},
    {"bind", A::x86_64, 49, O::always, 0, false},
    {"listen", A::x86_64, 50, O::always, 0, false},
    {"accept4", A::x86_64, 288, O::always, 0, false},
    {"bind", A::i386, 361, O::always, 0, false},
    {"connect", A::i386, 362, O::always, 0, false},
    {"listen", A::i386, 363, O::always, 0, false},
    {"accept4", A::i386, 364, O::always, 0, false},
    {"sendto", A::i386, 369, O::always, 0, false},
    {"recvfrom", A::i386, 371, O::always, 0, false},
    {"recvmsg", A::i386, 372, O::always, 0, false},
    {"unlink", A::x86_64, 87, O::always, 0, false},
    {"unlinkat", A::x86_64, 263, O::always, 0, false},
    {"unlink", A::i386, 10, O::always, 0, false},
    {"unlinkat", A::i386, 301, O::always, 0, false},
    {"wait4", A::x86_64, 61, O::always, 0, false},
    {"waitid", A::x86_64, 247, O::always, 0, false},
    {"wait4", A::i386, 114, O::always, 0, false},
    {"waitid", A::i386, 284, O::always, 0, false},
    {"pause", A::x86_64, 34, O::always, 0, false},
    {"rt_sigsuspend", A::x86_64, 130, O::always, 0, false},
    {"rt_sigtimedwait", A::x86_64, 128, O::always, 0, false},
    {"rt_sigtimedwait", A::x86_64, 523, O::always, 0, false},
    {"pause", A::i386, 29, O::always, 0, false},
    {"rt_sigsuspend", A::i386, 179, O::always, 0, false},
    {"rt_sigtimedwait", A::i386, 177, O::always, 0, false},
    {"epoll_create", A::x86_64, 213, O::always, 0, false},
    {"epoll_ctl", A::x86_64, 233, O::always, 0, false},
    {"epoll_create1", A::x86_64, 291, O::always, 0, false},
    {"epoll_create", A::i386, 254, O::always, 0, false},
    {"epoll_ctl", A::i386, 255, O::always, 0, false},
    {"epoll_create1", A::i386, 329, O::always, 0, false},
};

struct MechanismText {
  std::string_view name;
  std::string_view used;     // "never <used>"
  std::string_view noun;     // "<program> used <noun>"
  std::string_view purpose;  // why the assignment wants it
  std::array<std::string_view, 8> calls;
};

constexpr MechanismText kTexts[] = {
    {"pipe", "created an anonymous pipe with pipe()", "an anonymous pipe",
     "this assignment passes the data through an anonymous pipe", {"pipe", "pipe2"}},
    {"fifo", "created a FIFO with mkfifo() or mknod(S_IFIFO)", "a FIFO",
     "this assignment passes the data through a named pipe (FIFO)", {"mknod", "mknodat"}},
    {"posix_shm", "opened POSIX shared memory with shm_open()", "POSIX shared memory",
     "this assignment passes the data through POSIX shared memory", {"open", "openat"}},
    {"sysv_shm", "used a System V shared memory segment (shmget(), shmat())",
     "System V shared memory",
     "this assignment passes the data through a System V shared memory segment",
     {"shmget", "shmat", "shmdt", "shmctl"}},
    {"shared_anon_mmap", "made a shared anonymous mapping with mmap(MAP_SHARED | MAP_ANONYMOUS)",
     "a shared anonymous mapping",
     "this assignment shares the values through a shared anonymous mapping", {"mmap", "mmap2"}},
    {"sysv_msg", "used a System V message queue (msgget(), msgsnd(), msgrcv())",
     "a System V message queue", "this assignment passes messages through a System V message queue",
     {"msgget", "msgsnd", "msgrcv", "msgctl"}},
    {"posix_mq", "used a POSIX message queue (mq_open(), mq_send(), mq_receive())",
     "a POSIX message queue", "this assignment passes messages through a POSIX message queue",
     {"mq_open", "mq_timedsend", "mq_timedreceive", "mq_notify", "mq_unlink"}},
    {"posix_sem", "opened a named POSIX semaphore with sem_open()", "a named POSIX semaphore",
     "this assignment guards the shared data with a named POSIX semaphore",
     {"open", "openat", "link", "linkat"}},
    {"signal_handler", "installed a signal handler with signal() or sigaction()",
     "a signal handler", "this assignment reacts to signals in handlers",
     {"rt_sigaction", "sigaction", "signal"}},
    {"kill", "sent a signal with kill()", "kill()", "this assignment sends signals with kill()",
     {"kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_send_signal"}},
    {"fork", "created a process with fork()", "fork()",
     "this assignment works with processes made by fork()", {"fork", "vfork", "clone"}},
    {"tcp", "created a TCP socket with socket(AF_INET, SOCK_STREAM, 0)", "a TCP socket",
     "this assignment talks over TCP sockets", {"socket", "socketcall"}},
    {"udp", "created a UDP socket with socket(AF_INET, SOCK_DGRAM, 0)", "a UDP socket",
     "this assignment talks over UDP sockets", {"socket", "socketcall"}},
    {"unix_stream", "created a Unix stream socket with socket(AF_UNIX, SOCK_STREAM, 0)",
     "a Unix stream socket", "this assignment talks over Unix stream sockets",
     {"socket", "socketpair", "socketcall"}},
    {"multiplex", "waited on several descriptors with select(), poll() or epoll",
     "select(), poll() or epoll",
     "this assignment waits on every input at once with select(), poll() or epoll",
     {"select", "pselect6", "poll", "ppoll", "epoll_wait", "epoll_pwait", "epoll_pwait2"}},
};

constexpr std::string_view kNames[] = {"pipe",     "fifo",     "posix_shm", "sysv_shm",
                                       "shared_anon_mmap", "sysv_msg", "posix_mq",
                                       "posix_sem", "signal_handler", "kill",  "fork",
                                       "tcp",      "udp",      "unix_stream", "multiplex"};

// What one call did, in the words of an assignment ("sent a message with
// msgsnd()"); other calls read "called NAME()".
constexpr std::pair<std::string_view, std::string_view> kCallPhrases[] = {
    {"msgget", "got a queue with msgget()"},
    {"msgsnd", "sent a message with msgsnd()"},
    {"msgrcv", "received a message with msgrcv()"},
    {"mq_open", "opened a queue with mq_open()"},
    {"mq_timedsend", "sent a message with mq_send()"},
    {"mq_timedreceive", "received a message with mq_receive()"},
    {"shmget", "got a segment with shmget()"},
    {"shmat", "attached a segment with shmat()"},
    {"pipe2", "created a pipe with pipe()"},
    {"mknodat", "created a FIFO with mkfifo()"},
    {"clone", "forked with fork()"},
    {"kill", "sent a signal with kill()"},
    {"rt_sigaction", "installed a handler with signal() or sigaction()"},
    {"listen", "listened with listen()"},
    {"accept", "accepted a connection with accept()"},
    {"accept4", "accepted a connection with accept()"},
    {"connect", "connected with connect()"},
};

const MechanismText* text_of(std::string_view name) {
  for (const auto& t : kTexts)
    if (t.name == name) return &t;
  return nullptr;
}

int low32(std::uint64_t value) { return static_cast<int>(static_cast<std::uint32_t>(value)); }

std::string with_signal(std::string_view mechanism, int signo) {
  return fmt::format("{}:{}", mechanism, spec::signal_name(signo));
}

// i386 ipc(call, ...): the System V call it stands for.
std::string_view ipc_call(int call) {
  switch (call & 0xffff) {
    case 1: return "semop";
    case 2: return "semget";
    case 3: return "semctl";
    case 4: return "semtimedop";
    case 11: return "msgsnd";
    case 12: return "msgrcv";
    case 13: return "msgget";
    case 14: return "msgctl";
    case 21: return "shmat";
    case 22: return "shmdt";
    case 23: return "shmget";
    case 24: return "shmctl";
    default: return "ipc";
  }
}

// i386 socketcall(call, args): the socket call it stands for.
std::string_view socket_call(int call) {
  switch (call) {
    case 1: return "socket";
    case 2: return "bind";
    case 3: return "connect";
    case 4: return "listen";
    case 5: return "accept";
    case 8: return "socketpair";
    case 11: return "sendto";
    case 12: return "recvfrom";
    case 17: return "recvmsg";
    case 18: return "accept4";
    default: return "socketcall";
  }
}

// glibc keeps signals 32 and 33 for itself (thread cancellation and the
// set*id broadcast): its sigaction() refuses them to programs, and it
// installs their handlers and sends them on its own, e.g. when a program
// starts its first thread. Such calls are the library's, not the program's.
bool libc_internal_signal(int signo) { return signo == 32 || signo == 33; }

void add_signal_mechanism(Classified& c, std::string_view mechanism, int signo) {
  if (libc_internal_signal(signo)) {
    c.call.clear();  // not counted at all
    return;
  }
  if (signo <= 0 || signo >= 65) return;
  c.mechanisms.emplace_back(mechanism);
  c.mechanisms.push_back(with_signal(mechanism, signo));
}

// The mechanism a call is evidence of by its name and scalar arguments.
void add_mechanisms(Classified& c, const Call& call) {
  const std::string& n = c.call;
  const auto& a = call.args;
  if (n == "pipe" || n == "pipe2") return c.mechanisms.push_back("pipe");
  if (n == "mknod" || n == "mknodat") return c.mechanisms.push_back("fifo");
  if (n == "open" || n == "openat") {
    c.path_arg = n == "open" ? 0 : 1;
    return;
  }
  if (n == "link" || n == "linkat") {
    c.path_arg = n == "link" ? 1 : 3;  // the new name
    return;
  }
  if (n.starts_with("shm")) return c.mechanisms.push_back("sysv_shm");
  if (n == "mmap" || n == "mmap2") return c.mechanisms.push_back("shared_anon_mmap");
  if (n.starts_with("msg")) return c.mechanisms.push_back("sysv_msg");
  if (n.starts_with("mq_")) return c.mechanisms.push_back("posix_mq");
  if (n == "rt_sigaction" || n == "sigaction" || n == "signal")
    return add_signal_mechanism(c, "signal_handler", low32(a[0]));
  if (n == "kill" || n == "tkill" || n == "rt_sigqueueinfo" || n == "pidfd_send_signal")
    return add_signal_mechanism(c, "kill", low32(a[1]));
  if (n == "tgkill" || n == "rt_tgsigqueueinfo") return add_signal_mechanism(c, "kill", low32(a[2]));
  if (n == "fork" || n == "vfork" || n == "clone") return c.mechanisms.push_back("fork");
  if (n == "socket" || n == "socketpair") return classify_socket(c, low32(a[0]), low32(a[1]));
  if (n == "select" || n == "pselect6" || n == "poll" || n == "ppoll" || n.starts_with("epoll_p") ||
      n == "epoll_wait")
    return c.mechanisms.push_back("multiplex");
  if (n == "seccomp")
    c.note = "it tried to install a seccomp listener of its own, which the kernel refuses "
             "(EBUSY) while ipcgrade records its system calls";
}

}  // namespace

std::span<const SyscallEntry> syscall_table() { return kTable; }

const SyscallEntry* find_syscall(Arch arch, int nr) {
  for (const auto& e : kTable)
    if (e.arch == arch && e.nr == nr) return &e;
  return nullptr;
}

bool countable(std::string_view name) {
  if (name == "ipc" || name == "socketcall" || name == "seccomp") return false;
  return std::any_of(std::begin(kTable), std::end(kTable),
                     [&](const SyscallEntry& e) { return e.name == name; });
}

std::string countable_list() {
  std::vector<std::string_view> names;
  for (const auto& e : kTable)
    if (countable(e.name)) names.push_back(e.name);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return fmt::format("{}", fmt::join(names, ", "));
}

Classified classify(const Call& call) {
  Classified c;
  const SyscallEntry* entry = find_syscall(call.arch, call.nr);
  if (!entry) return c;
  c.call = std::string(entry->name);
  if (c.call == "ipc") {
    c.call = std::string(ipc_call(low32(call.args[0])));
    // ipc(MSGSND, id, size, flags, msgp): shift the multiplexer's arguments
    // away; only names matter for the System V calls.
  } else if (c.call == "socketcall") {
    c.call = std::string(socket_call(low32(call.args[0])));
    if (c.call == "socket" || c.call == "socketpair") c.socket_words_arg = 1;
    return c;
  }
  add_mechanisms(c, call);
  return c;
}

void classify_path(Classified& c, std::string_view path) {
  constexpr std::string_view shm_dir = "/dev/shm/";
  if (!path.starts_with(shm_dir)) return;
  const std::string_view name = path.substr(shm_dir.size());
  if (name.empty()) return;
  if (name.starts_with("sem.")) {
    c.mechanisms.push_back("posix_sem");
  } else if (c.call != "link" && c.call != "linkat") {
    c.mechanisms.push_back("posix_shm");
  }
}

void classify_unread_path(Classified& c) {
  if (c.call == "open" || c.call == "openat") c.mechanisms.push_back("posix_shm");
  c.mechanisms.push_back("posix_sem");
}

void classify_socket(Classified& c, int domain, int type) {
  constexpr int af_unix = 1, af_inet = 2, af_inet6 = 10;
  constexpr int sock_stream = 1, sock_dgram = 2;
  const int kind = type & 0xf;  // without SOCK_NONBLOCK and SOCK_CLOEXEC
  if ((domain == af_inet || domain == af_inet6) && kind == sock_stream && c.call == "socket")
    c.mechanisms.push_back("tcp");
  if ((domain == af_inet || domain == af_inet6) && kind == sock_dgram && c.call == "socket")
    c.mechanisms.push_back("udp");
  if (domain == af_unix && kind == sock_stream) c.mechanisms.push_back("unix_stream");
}

std::span<const std::string_view> mechanism_names() { return kNames; }

std::pair<std::string, int> split_signal(std::string_view mechanism) {
  const auto colon = mechanism.find(':');
  if (colon == std::string_view::npos) return {std::string(mechanism), 0};
  return {std::string(mechanism.substr(0, colon)),
          spec::parse_signal(std::string(mechanism.substr(colon + 1))).value_or(0)};
}

bool bound_holds(std::string_view bound, std::int64_t count) {
  std::string_view op = bound.substr(0, 2);
  if (op != ">=" && op != "<=" && op != "==") op = bound.substr(0, 1);
  std::int64_t n = 0;
  const std::string_view digits = bound.substr(op.size());
  std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (op == ">=") return count >= n;
  if (op == "<=") return count <= n;
  if (op == "==") return count == n;
  if (op == ">") return count > n;
  if (op == "<") return count < n;
  return false;
}

std::string missing_message(std::string_view program, std::string_view mechanism) {
  const auto [base, signo] = split_signal(mechanism);
  const MechanismText* t = text_of(base);
  if (!t) return fmt::format("{} never used {}", program, mechanism);
  if (signo != 0 && base == "kill")
    return fmt::format("{} never sent {} with kill(): {}", program, spec::signal_name(signo),
                       t->purpose);
  if (signo != 0)
    return fmt::format("{} never installed a handler for {} with signal() or sigaction(): {}",
                       program, spec::signal_name(signo), t->purpose);
  return fmt::format("{} never {}: {}", program, t->used, t->purpose);
}

std::string forbidden_message(std::string_view program, std::string_view mechanism,
                              const std::vector<std::pair<std::string, std::int64_t>>& calls) {
  const auto [base, signo] = split_signal(mechanism);
  const MechanismText* t = text_of(base);
  std::string what = t ? std::string(t->noun) : std::string(mechanism);
  if (signo != 0) what += " (" + spec::signal_name(signo) + ")";
  std::vector<std::string> seen;
  for (const auto& [call, count] : calls) seen.push_back(fmt::format("{}: {}", call, count));
  if (seen.empty()) return fmt::format("{} used {}, which this test does not allow", program, what);
  return fmt::format("{} used {} ({}), which this test does not allow", program, what,
                     fmt::join(seen, ", "));
}

std::vector<std::string_view> calls_of(std::string_view mechanism) {
  std::vector<std::string_view> calls;
  if (const MechanismText* t = text_of(split_signal(mechanism).first))
    for (auto c : t->calls)
      if (!c.empty()) calls.push_back(c);
  return calls;
}

std::string call_bound_message(std::string_view program, std::string_view call,
                               std::string_view bound, std::int64_t count, bool forbidden) {
  if (forbidden)
    return fmt::format("{} called {}() {} time{}, which this test does not allow ({})", program,
                       call, count, count == 1 ? "" : "s", bound);
  if (count == 0 && !bound_holds(bound, 0)) {
    std::string phrase = fmt::format("called {}()", call);
    for (const auto& [name, text] : kCallPhrases)
      if (name == call) phrase = std::string(text);
    std::string purpose;
    for (const auto& t : kTexts)
      if (std::find(t.calls.begin(), t.calls.end(), call) != t.calls.end() && purpose.empty() &&
          t.name != "posix_sem" && t.name != "udp" && t.name != "unix_stream")
        purpose = ": " + std::string(t.purpose);
    return fmt::format("{} never {}{}", program, phrase, purpose);
  }
  return fmt::format("{} called {}() {} time{}; this test expects {}", program, call, count,
                     count == 1 ? "" : "s", bound);
}

}  // namespace ipcgrade::mechanism
