// The vocabulary's decisions: what a recorded call counts as, from its
// number and scalar arguments, and the sentences students read.
#include "mechanism/vocabulary.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/socket.h>

#include <catch2/catch.hpp>

namespace ipcgrade::mechanism {
namespace {

using Strings = std::vector<std::string>;

Classified on(Arch arch, int nr, std::array<std::uint64_t, 6> args = {}) {
  return classify(Call{arch, nr, args});
}

}  // namespace

TEST_CASE("libc's renamed calls count for their mechanism", "[mechanism]") {
  CHECK(on(Arch::x86_64, 293).mechanisms == Strings{"pipe"});            // pipe2
  CHECK(on(Arch::x86_64, 259).mechanisms == Strings{"fifo"});            // mknodat
  CHECK(on(Arch::x86_64, 56).mechanisms == Strings{"fork"});             // clone
  CHECK(on(Arch::x86_64, 242).mechanisms == Strings{"posix_mq"});        // mq_timedsend
  CHECK(on(Arch::x86_64, 242).call == "mq_timedsend");
  CHECK(on(Arch::x86_64, 270).mechanisms == Strings{"multiplex"});       // pselect6
  CHECK(on(Arch::x86_64, 271).mechanisms == Strings{"multiplex"});       // ppoll
  CHECK(on(Arch::x86_64, 232).mechanisms == Strings{"multiplex"});       // epoll_wait
  CHECK(on(Arch::x86_64, 9).mechanisms == Strings{"shared_anon_mmap"});  // mmap
  CHECK(on(Arch::x86_64, 69).call == "msgsnd");
  CHECK(on(Arch::x86_64, 69).mechanisms == Strings{"sysv_msg"});
  CHECK(on(Arch::x86_64, 30).mechanisms == Strings{"sysv_shm"});  // shmat
  CHECK(on(Arch::x86_64, 39).call.empty());                       // getpid: not ours
}

TEST_CASE("signals are counted per signal, and signal 0 is no signal", "[mechanism]") {
  CHECK(on(Arch::x86_64, 62, {1234, SIGKILL}).mechanisms == Strings{"kill", "kill:SIGKILL"});
  CHECK(on(Arch::x86_64, 234, {1, 2, SIGUSR1}).mechanisms == Strings{"kill", "kill:SIGUSR1"});
  CHECK(on(Arch::x86_64, 129, {1, SIGTERM}).mechanisms == Strings{"kill", "kill:SIGTERM"});
  CHECK(on(Arch::x86_64, 62, {1234, 0}).mechanisms.empty());
  CHECK(on(Arch::x86_64, 13, {SIGUSR1, 0x1000}).mechanisms ==
        Strings{"signal_handler", "signal_handler:SIGUSR1"});
}

TEST_CASE("glibc's own signals 32 and 33 are not the program's", "[mechanism]") {
  const std::uint64_t handler = 0x1000;
  CHECK(on(Arch::x86_64, 13, {33, handler}).call.empty());  // rt_sigaction(SIGSETXID)
  CHECK(on(Arch::x86_64, 13, {32, handler}).mechanisms.empty());
  CHECK(on(Arch::x86_64, 234, {1, 2, 33}).call.empty());  // tgkill(SIGSETXID)
  CHECK(on(Arch::x86_64, 13, {34, handler}).mechanisms ==
        Strings{"signal_handler", "signal_handler:signal 34"});
}

TEST_CASE("sockets are told apart by domain and type, flags aside", "[mechanism]") {
  CHECK(on(Arch::x86_64, 41, {AF_INET, SOCK_STREAM | SOCK_CLOEXEC}).mechanisms == Strings{"tcp"});
  CHECK(on(Arch::x86_64, 41, {AF_INET6, SOCK_DGRAM}).mechanisms == Strings{"udp"});
  CHECK(on(Arch::x86_64, 41, {AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK}).mechanisms ==
        Strings{"unix_stream"});
  CHECK(on(Arch::x86_64, 41, {AF_UNIX, SOCK_DGRAM}).mechanisms.empty());
  CHECK(on(Arch::x86_64, 53, {AF_UNIX, SOCK_STREAM}).mechanisms == Strings{"unix_stream"});
}

TEST_CASE("shm_open and sem_open are told apart by the path under /dev/shm", "[mechanism]") {
  Classified shm = on(Arch::x86_64, 257);
  REQUIRE(shm.path_arg == 1);
  classify_path(shm, "/dev/shm/box");
  CHECK(shm.mechanisms == Strings{"posix_shm"});
  Classified sem = on(Arch::x86_64, 257);
  classify_path(sem, "/dev/shm/sem.mutex");
  CHECK(sem.mechanisms == Strings{"posix_sem"});
  Classified elsewhere = on(Arch::x86_64, 257);
  classify_path(elsewhere, "/tmp/dev/shm/x");
  CHECK(elsewhere.mechanisms.empty());
  Classified linked = on(Arch::x86_64, 265);  // sem_open's creation links into place
  REQUIRE(linked.path_arg == 3);
  classify_path(linked, "/dev/shm/sem.mutex");
  CHECK(linked.mechanisms == Strings{"posix_sem"});
  Classified unread = on(Arch::x86_64, 257);  // a non-dumpable program, runner not root
  classify_unread_path(unread);
  CHECK(unread.mechanisms == Strings{"posix_shm", "posix_sem"});
  Classified link = on(Arch::x86_64, 86);  // glibc 2.36 links with link(2)
  REQUIRE(link.path_arg == 1);
  classify_path(link, "/dev/shm/sem.mutex");
  CHECK(link.mechanisms == Strings{"posix_sem"});
}

TEST_CASE("32-bit calls have their own numbers and the ipc() multiplexer", "[mechanism]") {
  CHECK(on(Arch::i386, 400).call == "msgsnd");
  CHECK(on(Arch::i386, 400).mechanisms == Strings{"sysv_msg"});
  CHECK(on(Arch::i386, 117, {11}).call == "msgsnd");  // ipc(MSGSND, ...)
  CHECK(on(Arch::i386, 117, {11}).mechanisms == Strings{"sysv_msg"});
  CHECK(on(Arch::i386, 117, {21}).mechanisms == Strings{"sysv_shm"});  // ipc(SHMAT, ...)
  CHECK(on(Arch::i386, 37, {1, SIGKILL}).mechanisms == Strings{"kill", "kill:SIGKILL"});
  CHECK(on(Arch::i386, 192).mechanisms == Strings{"shared_anon_mmap"});  // mmap2
  Classified socket = on(Arch::i386, 102, {1});  // socketcall(SYS_SOCKET, args)
  CHECK(socket.call == "socket");
  REQUIRE(socket.socket_words_arg == 1);
  classify_socket(socket, AF_INET, SOCK_DGRAM);
  CHECK(socket.mechanisms == Strings{"udp"});
  CHECK(on(Arch::x86_64, 400).call.empty());  // 400 means nothing to x86_64
}

TEST_CASE("a listener of the program's own is noted", "[mechanism]") {
  CHECK(on(Arch::x86_64, 317).note.find("EBUSY") != std::string::npos);
}

TEST_CASE("call bounds", "[mechanism]") {
  CHECK(bound_holds(">=1", 1));
  CHECK_FALSE(bound_holds(">=1", 0));
  CHECK(bound_holds("==2", 2));
  CHECK_FALSE(bound_holds("==2", 3));
  CHECK(bound_holds("<3", 2));
  CHECK_FALSE(bound_holds(">3", 3));
  CHECK(bound_holds("<=0", 0));
}

TEST_CASE("countable calls exclude what the launch itself makes", "[mechanism]") {
  CHECK(countable("msgsnd"));
  CHECK(countable("accept4"));
  CHECK(countable("mq_timedsend"));
  CHECK_FALSE(countable("mq_send"));
  CHECK_FALSE(countable("sendmsg"));
  CHECK_FALSE(countable("execve"));
  CHECK_FALSE(countable("close"));
  CHECK_FALSE(countable("ipc"));
}

TEST_CASE("messages say what was missing or forbidden, and why", "[mechanism]") {
  CHECK(call_bound_message("msgq_sender", "msgsnd", ">=1", 0, false) ==
        "msgq_sender never sent a message with msgsnd(): this assignment passes messages "
        "through a System V message queue");
  CHECK(call_bound_message("msgq_sender", "msgsnd", "==3", 2, false) ==
        "msgq_sender called msgsnd() 2 times; this test expects ==3");
  CHECK(call_bound_message("prog", "msgsnd", ">=1", 1, true) ==
        "prog called msgsnd() 1 time, which this test does not allow (>=1)");
  CHECK(missing_message("shm_master", "sysv_shm") ==
        "shm_master never used a System V shared memory segment (shmget(), shmat()): this "
        "assignment passes the data through a System V shared memory segment");
  CHECK(missing_message("sig_kill", "kill:SIGKILL") ==
        "sig_kill never sent SIGKILL with kill(): this assignment sends signals with kill()");
  CHECK(missing_message("sig_catch", "signal_handler:SIGUSR1") ==
        "sig_catch never installed a handler for SIGUSR1 with signal() or sigaction(): this "
        "assignment reacts to signals in handlers");
  CHECK(forbidden_message("mmap_share", "pipe", {{"pipe2", 1}}) ==
        "mmap_share used an anonymous pipe (pipe2: 1), which this test does not allow");
  CHECK(split_signal("kill:SIGKILL") == std::pair<std::string, int>{"kill", SIGKILL});
  CHECK(split_signal("fork") == std::pair<std::string, int>{"fork", 0});
}

TEST_CASE("every mechanism of spec-format.md has words", "[mechanism]") {
  for (const auto name : mechanism_names()) {
    INFO(name);
    CHECK(missing_message("p", name).find("never used " + std::string(name)) ==
          std::string::npos);
    CHECK_FALSE(calls_of(name).empty());
  }
}

}  // namespace ipcgrade::mechanism
