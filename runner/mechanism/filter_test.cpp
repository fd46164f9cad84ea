// The seccomp filter's decisions, run through a small classic-BPF
// interpreter (the instructions the builder emits), so that every branch
// is checked on any machine: both architectures, x32 numbers, the scalar
// narrowing and the calls that are always refused.
#include "mechanism/filter.h"

#include <fcntl.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <cstring>

namespace ipcgrade::mechanism {
namespace {

constexpr std::uint32_t kNotify = SECCOMP_RET_USER_NOTIF;
constexpr std::uint32_t kAllow = SECCOMP_RET_ALLOW;
constexpr std::uint32_t kEperm = SECCOMP_RET_ERRNO | EPERM;
constexpr std::uint32_t kEnosys = SECCOMP_RET_ERRNO | ENOSYS;

std::uint32_t run(const Filter& filter, const seccomp_data& data) {
  std::uint32_t a = 0;
  const auto& p = filter.program;
  for (std::size_t pc = 0; pc < p.size(); ++pc) {
    const sock_filter& i = p[pc];
    switch (i.code) {
      case BPF_LD | BPF_W | BPF_ABS:
        REQUIRE(i.k + 4 <= sizeof data);
        std::memcpy(&a, reinterpret_cast<const char*>(&data) + i.k, 4);
        break;
      case BPF_ALU | BPF_AND | BPF_K:
        a &= i.k;
        break;
      case BPF_JMP | BPF_JEQ | BPF_K:
        pc += a == i.k ? i.jt : i.jf;
        break;
      case BPF_JMP | BPF_JA:
        pc += i.k;
        break;
      case BPF_RET | BPF_K:
        return i.k;
      default:
        FAIL("unexpected instruction " << i.code);
    }
  }
  FAIL("ran off the end of the filter");
  return 0;
}

seccomp_data call(std::uint32_t arch, int nr, std::array<std::uint64_t, 6> args = {}) {
  seccomp_data data{};
  data.arch = arch;
  data.nr = nr;
  for (int i = 0; i < 6; ++i) data.args[i] = args[i];
  return data;
}

constexpr std::uint32_t x64 = AUDIT_ARCH_X86_64;
constexpr std::uint32_t x86 = AUDIT_ARCH_I386;

}  // namespace

TEST_CASE("the deny filter refuses ptrace and process_vm_* and nothing else", "[mechanism]") {
  const Filter& deny = *deny_filter();
  CHECK_FALSE(deny.listener);
  CHECK(run(deny, call(x64, 101)) == kEperm);  // ptrace
  CHECK(run(deny, call(x64, 310)) == kEperm);  // process_vm_readv
  CHECK(run(deny, call(x64, 311)) == kEperm);  // process_vm_writev
  CHECK(run(deny, call(x86, 26)) == kEperm);   // i386 ptrace
  CHECK(run(deny, call(x86, 347)) == kEperm);
  CHECK(run(deny, call(x64, 0x40000000 | 521)) == kEperm);  // x32 ptrace
  CHECK(run(deny, call(x64, 69)) == kAllow);   // msgsnd runs unrecorded
  CHECK(run(deny, call(x64, 435)) == kAllow);  // clone3 untouched
  CHECK(run(deny, call(AUDIT_ARCH_AARCH64, 101)) == kAllow);
}

TEST_CASE("the recording filter asks about the vocabulary on both ABIs", "[mechanism]") {
  const Filter& rec = *recording_filter({});
  CHECK(rec.listener);
  CHECK(run(rec, call(x64, 69)) == kNotify);   // msgsnd
  CHECK(run(rec, call(x86, 400)) == kNotify);  // i386 msgsnd via int $0x80
  CHECK(run(rec, call(x86, 117)) == kNotify);  // i386 ipc()
  CHECK(run(rec, call(x64, 400)) == kAllow);   // not a call on x86_64
  CHECK(run(rec, call(x64, 0x40000000 | 69)) == kNotify);  // x32 msgsnd
  CHECK(run(rec, call(x64, 101)) == kEperm);
  CHECK(run(rec, call(x64, 435)) == kEnosys);  // clone3: libc falls back to clone
  CHECK(run(rec, call(x64, 0)) == kAllow);     // read
  CHECK(run(rec, call(x64, 1)) == kAllow);     // write
  CHECK(run(rec, call(x64, 64)) == kAllow);    // semget: only when `calls` names it
  CHECK(run(*recording_filter({"semget"}), call(x64, 64)) == kNotify);
}

TEST_CASE("the recording filter narrows by scalar arguments", "[mechanism]") {
  const Filter& rec = *recording_filter({});
  // clone: a thread is no fork
  CHECK(run(rec, call(x64, 56, {SIGCHLD})) == kNotify);
  CHECK(run(rec, call(x64, 56, {CLONE_VM | CLONE_THREAD | CLONE_SIGHAND})) == kAllow);
  // mmap: only shared anonymous mappings
  CHECK(run(rec, call(x64, 9, {0, 4096, 3, MAP_SHARED | MAP_ANONYMOUS})) == kNotify);
  CHECK(run(rec, call(x64, 9, {0, 4096, 3, MAP_PRIVATE | MAP_ANONYMOUS})) == kAllow);
  CHECK(run(rec, call(x64, 9, {0, 4096, 3, MAP_SHARED})) == kAllow);
  CHECK(run(rec, call(x86, 192, {0, 4096, 3, MAP_SHARED | MAP_ANONYMOUS})) == kNotify);
  // openat: only with the flag shm_open and sem_open add
  CHECK(run(rec, call(x64, 257, {0, 0, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC})) == kNotify);
  CHECK(run(rec, call(x64, 257, {0, 0, O_RDWR | O_NOFOLLOW})) == kNotify);
  CHECK(run(rec, call(x64, 257, {0, 0, O_RDONLY | O_CLOEXEC})) == kAllow);
  // mknodat: only FIFOs
  CHECK(run(rec, call(x64, 259, {0, 0, S_IFIFO | 0600})) == kNotify);
  CHECK(run(rec, call(x64, 259, {0, 0, S_IFREG | 0600})) == kAllow);
  // rt_sigaction: a new action, not a query (both halves of the pointer)
  CHECK(run(rec, call(x64, 13, {10, 0x7fff00001000})) == kNotify);
  CHECK(run(rec, call(x64, 13, {10, 0x7fff00000000})) == kNotify);
  CHECK(run(rec, call(x64, 13, {10, 0, 0x1000})) == kAllow);
  // seccomp: only a listener of its own
  CHECK(run(rec, call(x64, 317, {1, SECCOMP_FILTER_FLAG_NEW_LISTENER})) == kNotify);
  CHECK(run(rec, call(x64, 317, {1, 0})) == kAllow);
}

TEST_CASE("filters are built once per set of recorded calls", "[mechanism]") {
  CHECK(recording_filter({"accept"}) == recording_filter({"accept"}));
  CHECK(recording_filter({"accept"}) != recording_filter({}));
  CHECK(deny_filter() == deny_filter());
  CHECK(install_flags(*deny_filter()) == 0);
}

}  // namespace ipcgrade::mechanism
