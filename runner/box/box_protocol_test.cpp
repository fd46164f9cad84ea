// The box's messages: every field of a LaunchRequest, of Leftovers and of
// an exit crosses the socket unchanged, descriptors with them.
#include "box/box_protocol.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

namespace ipcgrade::box {

TEST_CASE("a launch request survives the trip to the box", "[box]") {
  exec::LaunchRequest request;
  request.exe = "/x/prog";
  request.argv = {"prog", "", "two words", "\xff"};
  request.env = {"A=1"};
  request.cwd = "/scratch";
  request.limits = {1, 2, 3, 4, 5};
  request.uid = 60001;
  request.gid = 60002;
  request.stdin_pipe = true;
  request.tty = true;
  request.limits.processes_apart = true;
  const exec::LaunchRequest back = launch_request_from(launch_request_json(request));
  CHECK(back.exe == request.exe);
  CHECK(back.argv == request.argv);
  CHECK(back.env == request.env);
  CHECK(back.cwd == request.cwd);
  CHECK(back.limits.cpu_seconds == 1);
  CHECK(back.limits.address_space == 2);
  CHECK(back.limits.processes == 3);
  CHECK(back.limits.processes_apart);
  CHECK(back.limits.file_size == 4);
  CHECK(back.limits.open_files == 5);
  CHECK(back.uid == request.uid);
  CHECK(back.gid == request.gid);
  CHECK(back.stdin_pipe);
  CHECK(back.tty);
  const exec::LaunchRequest plain = launch_request_from(launch_request_json({}));
  CHECK_FALSE(plain.uid);
  CHECK_FALSE(plain.gid);
  CHECK_FALSE(plain.stdin_pipe);
}

TEST_CASE("leftovers and exits survive the trip back", "[box]") {
  Leftovers left;
  observe::IpcObject object;
  object.kind = spec::LeakKind::sysv_msg;
  object.name = "1234";
  object.key = 1234;
  object.id = 7;
  object.creator = 42;
  object.messages = 2;
  object.bytes = 10;
  left.objects.push_back(object);
  observe::ProcessInfo process;
  process.pid = 1000;
  process.ppid = 999;
  process.state = 'Z';
  process.comm = "sleep";
  process.argv = {"sleep", "100"};
  process.uid = 60000;
  left.processes.push_back(process);
  left.unchecked = {"posix_mq: no mqueue"};
  left.cleanup_errors = {"cannot remove x"};
  const Leftovers back = leftovers_from(leftovers_json(left));
  REQUIRE(back.objects.size() == 1);
  CHECK(back.objects[0].kind == spec::LeakKind::sysv_msg);
  CHECK(back.objects[0].name == "1234");
  CHECK(back.objects[0].id == 7);
  CHECK(back.objects[0].creator == 42);
  CHECK(back.objects[0].messages == 2);
  REQUIRE(back.processes.size() == 1);
  CHECK(back.processes[0].zombie());
  CHECK(back.processes[0].ppid == 999);
  CHECK(back.processes[0].argv == process.argv);
  CHECK(back.unchecked == left.unchecked);
  CHECK(back.cleanup_errors == left.cleanup_errors);

  exec::ExitInfo info;
  info.wait_status = 0x0100;
  info.cpu_user = std::chrono::microseconds(1234567);
  info.cpu_system = std::chrono::microseconds(89);
  info.group_survivors = true;
  const exec::ExitInfo exit = exit_info_from(exit_json(info));
  CHECK(exit.wait_status == 0x0100);
  CHECK(exit.cpu_user == info.cpu_user);
  CHECK(exit.cpu_system == info.cpu_system);
  CHECK(exit.group_survivors);
}

TEST_CASE("a message and its descriptors cross a seqpacket socket", "[box]") {
  int ends[2];
  REQUIRE(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ends) == 0);
  exec::UniqueFd a(ends[0]), b(ends[1]);
  widen_sends(a.get());
  exec::UniqueFd null(::open("/dev/null", O_RDONLY | O_CLOEXEC));
  std::string error;
  Message message;
  CHECK(receive_message(b.get(), message, error) == Receive::would_block);
  const std::string big(100 * 1024, 'x');
  REQUIRE(send_message(a.get(), {{"type", "t"}, {"big", big}, {"bad", "\xff"}}, {null.get()}, error));
  REQUIRE(receive_message(b.get(), message, error) == Receive::message);
  CHECK(message.body.at("big") == big);
  // Invalid UTF-8 (a student's argument) arrives replaced, never refused.
  CHECK(message.body.at("bad") == "\xef\xbf\xbd");
  REQUIRE(message.fds.size() == 1);
  struct stat there {}, here {};
  ::fstat(message.fds[0].get(), &there);
  ::fstat(null.get(), &here);
  CHECK(there.st_rdev == here.st_rdev);
  CHECK((::fcntl(message.fds[0].get(), F_GETFD) & FD_CLOEXEC) != 0);
  a = exec::UniqueFd();
  CHECK(receive_message(b.get(), message, error) == Receive::closed);
}

}  // namespace ipcgrade::box
