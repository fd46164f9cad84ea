// The vocabulary of mechanism evidence: which system calls are recorded,
// how the seccomp filter narrows them by scalar arguments, what each
// recorded call counts as, and the words a student reads when a mechanism
// was missing or forbidden. Pure data and pure functions: the filter
// (filter.h) and the supervisor (supervisor.h) build on it, the judge reads
// its messages.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ipcgrade::mechanism {

// The two ABIs a program on x86-64 can call the kernel with: a 64-bit
// program can still make 32-bit `int $0x80` calls, with other numbers.
// (x32 calls arrive as x86_64 with bit 30 set; the filter masks it.)
enum class Arch { x86_64, i386 };

// What the filter looks at before it asks for a notification, so that
// frequent calls that are no evidence (threads, private mappings, ordinary
// opens) run at full speed. Only scalar arguments: a pointer's contents can
// change between the filter and the call.
enum class Only {
  always,
  new_process,      // clone: CLONE_THREAD not set
  shared_anon_map,  // mmap: MAP_SHARED and MAP_ANONYMOUS set
  shm_open_flags,   // open(at): O_NOFOLLOW set, as shm_open and sem_open do
  fifo_mode,        // mknod(at): S_IFIFO
  new_handler,      // sigaction: a new action given (not just a query)
  new_listener,     // seccomp: a filter with a listener of its own
};

struct SyscallEntry {
  std::string_view name;  // the kernel's name: how `calls:` names it and how it is counted
  Arch arch;
  int nr;
  Only only;
  int arg;          // the argument `only` looks at
  bool vocabulary;  // recorded whenever evidence is asked for; else only when `calls` names it
};

std::span<const SyscallEntry> syscall_table();
const SyscallEntry* find_syscall(Arch arch, int nr);

// Whether `calls:` may name this system call. Calls the runner itself makes
// between installing the filter and exec (sendmsg, close, execve...) are
// not countable: recording them would stop the launch.
bool countable(std::string_view name);
std::string countable_list();  // "accept, accept4, ..." for messages

// One notification's call, as the kernel gave it.
struct Call {
  Arch arch = Arch::x86_64;
  int nr = 0;
  std::array<std::uint64_t, 6> args{};
};

// What a recorded call counts as.
struct Classified {
  std::string call;                     // kernel name; empty: nothing we know
  std::vector<std::string> mechanisms;  // "pipe", "kill", "kill:SIGKILL"
  std::string note;                     // something to tell besides counts
  // The mechanism depends on a path at this argument (shm_open and
  // sem_open are both openat under /dev/shm): read it, then classify_path.
  int path_arg = -1;
  // i386 socketcall(SYS_SOCKET or SYS_SOCKETPAIR): the domain and type are
  // the first two 32-bit words at this argument's address.
  int socket_words_arg = -1;
};

Classified classify(const Call& call);
void classify_path(Classified& classified, std::string_view path);
// The path could not be read: a non-dumpable program (every reference
// program) when the runner is not root. What shm_open and sem_open would
// have meant counts, so that a reference never fails its own `uses` for it.
void classify_unread_path(Classified& classified);
void classify_socket(Classified& classified, int domain, int type);

// The mechanism names of spec-format.md (`uses`, `not_uses`).
std::span<const std::string_view> mechanism_names();
// "kill:SIGKILL" -> ("kill", SIGKILL); plain names give signal 0.
std::pair<std::string, int> split_signal(std::string_view mechanism);

// A `calls:` bound (">=1", "==2") applied to a count.
bool bound_holds(std::string_view bound, std::int64_t count);

// The sentences of `mechanism` failures, without the trailing hint.
// "msgq_sender never used a System V message queue (msgget(), msgsnd(),
// msgrcv()): this assignment passes messages through a System V message queue"
std::string missing_message(std::string_view program, std::string_view mechanism);
// "mmap_share used an anonymous pipe (pipe2: 1), which this test does not allow"
std::string forbidden_message(std::string_view program, std::string_view mechanism,
                              const std::vector<std::pair<std::string, std::int64_t>>& calls);
// The call names that count for `mechanism` ("pipe" -> pipe, pipe2).
std::vector<std::string_view> calls_of(std::string_view mechanism);
// "msgq_sender never sent a message with msgsnd(): this assignment passes
// messages through a System V message queue" (count 0 where the bound wants
// more), else "... called msgsnd() 2 times; this test expects ==3".
std::string call_bound_message(std::string_view program, std::string_view call,
                               std::string_view bound, std::int64_t count, bool forbidden);

}  // namespace ipcgrade::mechanism
