#include <catch2/catch.hpp>

#include "observe/ipc_objects.h"

namespace ipcgrade::observe {
namespace {

IpcObject object_of(spec::LeakKind kind, std::string name) {
  IpcObject object;
  object.kind = kind;
  object.name = std::move(name);
  return object;
}

IpcObject sysv(spec::LeakKind kind, long key, long id) {
  auto object = object_of(kind, std::to_string(key));
  object.key = key;
  object.id = id;
  return object;
}

TEST_CASE("leak messages for POSIX objects name them as the program did", "[observe]") {
  auto shm = object_of(spec::LeakKind::posix_shm, "/OS");
  shm.bytes = 4096;
  CHECK(leak_message(shm) == "POSIX shared memory \"/OS\" (4096 bytes) was not removed — call shm_unlink()");
  shm.bytes = 1;
  CHECK(leak_message(shm) == "POSIX shared memory \"/OS\" (1 byte) was not removed — call shm_unlink()");

  CHECK(leak_message(object_of(spec::LeakKind::posix_sem, "/mysem")) ==
        "named semaphore \"/mysem\" was not removed — call sem_unlink()");

  auto queue = object_of(spec::LeakKind::posix_mq, "/q");
  queue.messages = 2;
  CHECK(leak_message(queue) == "POSIX message queue \"/q\" (2 messages) was not removed — call mq_unlink()");
  queue.messages = 0;
  CHECK(leak_message(queue) == "POSIX message queue \"/q\" was not removed — call mq_unlink()");
}

TEST_CASE("leak messages for FIFOs and sockets say where they were left", "[observe]") {
  auto fifo = object_of(spec::LeakKind::fifo, "fifo");
  fifo.in_working_dir = true;
  CHECK(leak_message(fifo) == "FIFO \"fifo\" was left in the working directory — remove it with unlink()");
  fifo.name = "/tmp/f";
  fifo.in_working_dir = false;
  CHECK(leak_message(fifo) == "FIFO \"/tmp/f\" was left behind — remove it with unlink()");

  auto socket = object_of(spec::LeakKind::socket, "/tmp/s.sock");
  CHECK(leak_message(socket) == "socket file \"/tmp/s.sock\" was left behind — unlink() it before exiting");
  socket.name = "s.sock";
  socket.in_working_dir = true;
  CHECK(leak_message(socket) ==
        "socket file \"s.sock\" was left in the working directory — unlink() it before exiting");
}

TEST_CASE("leak messages for System V queues give the key in decimal and what it holds", "[observe]") {
  auto queue = sysv(spec::LeakKind::sysv_msg, 1234, 3);
  queue.messages = 2;
  queue.last_user = 77;
  CHECK(leak_message(queue) ==
        "System V message queue key 1234 (id 3) still holds 2 messages and was not removed — "
        "call msgctl(id, IPC_RMID, NULL)");
  CHECK(leak_message(queue, {{77, "msgq_sender"}}) ==
        "System V message queue key 1234 (id 3, last message sent by msgq_sender, pid 77) still "
        "holds 2 messages and was not removed — call msgctl(id, IPC_RMID, NULL)");
  // A pid that is none of the test's programs is not worth naming.
  CHECK(leak_message(queue, {{78, "msgq_sender"}}) == leak_message(queue));
  queue.messages = 1;
  CHECK(leak_message(queue) ==
        "System V message queue key 1234 (id 3) still holds 1 message and was not removed — "
        "call msgctl(id, IPC_RMID, NULL)");
  queue.messages = 0;
  CHECK(leak_message(queue) ==
        "System V message queue key 1234 (id 3) was not removed — call msgctl(id, IPC_RMID, NULL)");
  auto negative = sysv(spec::LeakKind::sysv_msg, -559038737, 32769);
  CHECK(leak_message(negative) ==
        "System V message queue key -559038737 (id 32769) was not removed — call msgctl(id, "
        "IPC_RMID, NULL)");
}

TEST_CASE("leak messages for System V segments and semaphore sets", "[observe]") {
  auto segment = sysv(spec::LeakKind::sysv_shm, 0, 5);
  segment.bytes = 4096;
  segment.creator = 123;
  CHECK(leak_message(segment) ==
        "System V shared memory segment key 0 (IPC_PRIVATE, id 5, 4096 bytes, created by pid "
        "123) was not removed — call shmctl(id, IPC_RMID, NULL)");
  CHECK(leak_message(segment, {{123, "shm_writer"}}) ==
        "System V shared memory segment key 0 (IPC_PRIVATE, id 5, 4096 bytes, created by "
        "shm_writer, pid 123) was not removed — call shmctl(id, IPC_RMID, NULL)");
  segment.key = 1234;
  segment.creator = 0;
  CHECK(leak_message(segment) ==
        "System V shared memory segment key 1234 (id 5, 4096 bytes) was not removed — call "
        "shmctl(id, IPC_RMID, NULL)");

  auto set = sysv(spec::LeakKind::sysv_sem, 1234, 7);
  set.nsems = 2;
  CHECK(leak_message(set) ==
        "System V semaphore set key 1234 (id 7, 2 semaphores) was not removed — call semctl(id, "
        "0, IPC_RMID)");
  set.nsems = 1;
  set.key = 0;
  CHECK(leak_message(set) ==
        "System V semaphore set key 0 (IPC_PRIVATE, id 7, 1 semaphore) was not removed — call "
        "semctl(id, 0, IPC_RMID)");
}

}  // namespace
}  // namespace ipcgrade::observe
