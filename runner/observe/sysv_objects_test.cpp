#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstring>
#include <sstream>

#include <fmt/format.h>

#include "observe/ipc_readers.h"
#include "observe/observe_test_support.h"

namespace ipcgrade::observe {
namespace {

using testing::Cleanup;
using testing::find_sysv;
using testing::ipc_places;
using testing::unique_key;
using Kind = spec::LeakKind;

// The column layout of Linux 6.x, with a SHM_DEST bit in perms (01000) and
// a line cut short, as a table read while it changes may show.
const char* const kShmTable =
    "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid"
    "      atime      dtime      ctime                   rss                  swap\n"
    "         0          5   600                  4096   123     0      0  1000  1000  1000  1000"
    "          0          0 1700000000                     0                     0\n"
    "      1234          6  1666                 65536   124   125      2     0     0     0     0"
    "          0          0 1700000000                  4096                     0\n"
    "      4321          7   600\n";

TEST_CASE("System V tables are read by their column names", "[observe]") {
  std::istringstream shm(kShmTable);
  const auto segments = parse_sysv_table(Kind::sysv_shm, shm);
  REQUIRE(segments.size() == 2);
  CHECK(segments[0].key == 0);
  CHECK(segments[0].name == "0");
  CHECK(segments[0].id == 5);
  CHECK(segments[0].mode == 0600);
  CHECK(segments[0].bytes == 4096);
  CHECK(segments[0].creator == 123);
  CHECK(segments[0].uid == 1000);
  CHECK(segments[1].mode == 0666);
  CHECK(segments[1].last_user == 125);
  CHECK(segments[1].nattch == 2);

  std::istringstream msg(
      "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  cgid"
      "      stime      rtime      ctime\n"
      "-559038737      32769   644          11          2   400   401    33    33    33    33"
      "          0          0 1796104733\n");
  const auto queues = parse_sysv_table(Kind::sysv_msg, msg);
  REQUIRE(queues.size() == 1);
  CHECK(queues[0].key == -559038737);
  CHECK(queues[0].name == "-559038737");
  CHECK(queues[0].id == 32769);
  CHECK(queues[0].bytes == 11);
  CHECK(queues[0].messages == 2);
  CHECK(queues[0].last_user == 400);
  CHECK(queues[0].last_receiver == 401);
  CHECK(queues[0].uid == 33);

  std::istringstream sem(
      "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n"
      "      1234          9   600          3     7     7     7     7          0 1796104733\n");
  const auto sets = parse_sysv_table(Kind::sysv_sem, sem);
  REQUIRE(sets.size() == 1);
  CHECK(sets[0].id == 9);
  CHECK(sets[0].nsems == 3);
  CHECK(sets[0].uid == 7);
}

TEST_CASE("a missing /proc/sysvipc table is an error of the snapshot", "[observe]") {
  auto places = ipc_places();
  places.sysvipc_dir = "/nonexistent-sysvipc";
  const auto snapshot = take_snapshot(places);
  REQUIRE(snapshot.errors.size() == 3);
  CHECK(snapshot.errors[0] == "cannot read /nonexistent-sysvipc/shm: No such file or directory");
}

TEST_CASE("a System V message queue left by a test: seen, described, removed", "[observe]") {
  const auto before = take_snapshot(ipc_places());
  const long key = unique_key(1);
  const int id = ::msgget(static_cast<key_t>(key), IPC_CREAT | IPC_EXCL | 0600);
  REQUIRE(id >= 0);
  Cleanup remove([id] { ::msgctl(id, IPC_RMID, nullptr); });
  struct {
    long type;
    char text[8];
  } message{1, "hello"};
  REQUIRE(::msgsnd(id, &message, 5, 0) == 0);
  REQUIRE(::msgsnd(id, &message, 3, 0) == 0);

  const auto after = take_snapshot(ipc_places());
  CHECK(after.errors.empty());
  const auto queue = find_sysv(appeared(before, after), Kind::sysv_msg, id);
  REQUIRE(queue);
  CHECK(queue->key == key);
  CHECK(queue->messages == 2);
  CHECK(queue->bytes == 8);
  CHECK(queue->last_user == ::getpid());
  CHECK(queue->uid == ::geteuid());
  CHECK(queue->mode == 0600);
  CHECK(leak_message(*queue) ==
        fmt::format("System V message queue key {} (id {}) still holds 2 messages and was not "
                    "removed — call msgctl(id, IPC_RMID, NULL)",
                    key, id));

  std::string error;
  CHECK(remove_object(*queue, error));
  CHECK(error.empty());
  CHECK(::msgget(static_cast<key_t>(key), 0) == -1);
  CHECK(errno == ENOENT);
  CHECK(remove_object(*queue, error));  // already gone is fine
  CHECK_FALSE(find_sysv(take_snapshot(ipc_places()).objects, Kind::sysv_msg, id));
}

TEST_CASE("System V segments, private and keyed, and a semaphore set", "[observe]") {
  const auto before = take_snapshot(ipc_places());
  const int private_id = ::shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
  REQUIRE(private_id >= 0);
  Cleanup remove_private([private_id] { ::shmctl(private_id, IPC_RMID, nullptr); });
  const long key = unique_key(2);
  const int keyed_id = ::shmget(static_cast<key_t>(key), 8192, IPC_CREAT | IPC_EXCL | 0640);
  REQUIRE(keyed_id >= 0);
  Cleanup remove_keyed([keyed_id] { ::shmctl(keyed_id, IPC_RMID, nullptr); });
  void* attached = ::shmat(keyed_id, nullptr, SHM_RDONLY);
  REQUIRE(attached != reinterpret_cast<void*>(-1));
  Cleanup detach([attached] { ::shmdt(attached); });
  const int sem_id = ::semget(static_cast<key_t>(key), 2, IPC_CREAT | IPC_EXCL | 0600);
  REQUIRE(sem_id >= 0);
  Cleanup remove_sem([sem_id] { ::semctl(sem_id, 0, IPC_RMID); });

  const auto fresh = appeared(before, take_snapshot(ipc_places()));
  const auto private_segment = find_sysv(fresh, Kind::sysv_shm, private_id);
  REQUIRE(private_segment);
  CHECK(private_segment->creator == ::getpid());
  CHECK(leak_message(*private_segment) ==
        fmt::format("System V shared memory segment key 0 (IPC_PRIVATE, id {}, 4096 bytes, "
                    "created by pid {}) was not removed — call shmctl(id, IPC_RMID, NULL)",
                    private_id, ::getpid()));
  const auto keyed = find_sysv(fresh, Kind::sysv_shm, keyed_id);
  REQUIRE(keyed);
  CHECK(keyed->key == key);
  CHECK(keyed->bytes == 8192);
  CHECK(keyed->nattch == 1);
  CHECK(keyed->mode == 0640);
  const auto set = find_sysv(fresh, Kind::sysv_sem, sem_id);
  REQUIRE(set);
  CHECK(set->nsems == 2);
  CHECK(leak_message(*set) ==
        fmt::format("System V semaphore set key {} (id {}, 2 semaphores) was not removed — call "
                    "semctl(id, 0, IPC_RMID)",
                    key, sem_id));

  std::string error;
  CHECK(remove_object(*private_segment, error));
  CHECK(remove_object(*set, error));
  CHECK(::semctl(sem_id, 0, IPC_STAT, nullptr) == -1);
  const auto later = take_snapshot(ipc_places()).objects;
  CHECK_FALSE(find_sysv(later, Kind::sysv_shm, private_id));
  CHECK_FALSE(find_sysv(later, Kind::sysv_sem, sem_id));
}

TEST_CASE("an old System V object is not new, one recreated under its key is", "[observe]") {
  const long key = unique_key(3);
  int old_id = ::msgget(static_cast<key_t>(key), IPC_CREAT | IPC_EXCL | 0600);
  REQUIRE(old_id >= 0);
  int new_id = -1;
  Cleanup remove([&] {
    ::msgctl(old_id, IPC_RMID, nullptr);
    if (new_id >= 0) ::msgctl(new_id, IPC_RMID, nullptr);
  });
  const auto before = take_snapshot(ipc_places());
  CHECK(find_sysv(before.objects, Kind::sysv_msg, old_id));
  CHECK_FALSE(find_sysv(appeared(before, take_snapshot(ipc_places())), Kind::sysv_msg, old_id));

  REQUIRE(::msgctl(old_id, IPC_RMID, nullptr) == 0);
  new_id = ::msgget(static_cast<key_t>(key), IPC_CREAT | IPC_EXCL | 0600);
  REQUIRE(new_id >= 0);
  REQUIRE(new_id != old_id);
  const auto fresh = appeared(before, take_snapshot(ipc_places()));
  const auto recreated = find_sysv(fresh, Kind::sysv_msg, new_id);
  REQUIRE(recreated);
  CHECK(recreated->key == key);
}

}  // namespace
}  // namespace ipcgrade::observe
