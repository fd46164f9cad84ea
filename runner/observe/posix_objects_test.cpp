#include <fcntl.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "observe/ipc_readers.h"
#include "observe/observe_test_support.h"

namespace ipcgrade::observe {
namespace {

using testing::Cleanup;
using testing::find_object;
using testing::ipc_places;
using testing::TempDir;
using testing::unique_name;
using Kind = spec::LeakKind;

// Creates a POSIX shared memory object of `size` bytes; false on failure.
bool make_shm(const std::string& name, off_t size) {
  const int fd = ::shm_open(name.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
  if (fd < 0) return false;
  const bool sized = ::ftruncate(fd, size) == 0;
  ::close(fd);
  return sized;
}

// Binds a Unix socket at `path` and closes it, leaving the socket file.
bool make_socket_file(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  const bool bound = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return bound;
}

TEST_CASE("POSIX shared memory and a named semaphore left by a test", "[observe]") {
  const std::string shm_name = unique_name("shm");
  const std::string sem_name = unique_name("sem");
  Cleanup unlink_both([&] {
    ::shm_unlink(shm_name.c_str());
    ::sem_unlink(sem_name.c_str());
  });
  const auto before = take_snapshot(ipc_places());
  REQUIRE(make_shm(shm_name, 4096));
  sem_t* sem = ::sem_open(sem_name.c_str(), O_CREAT | O_EXCL, 0600, 1);
  REQUIRE(sem != SEM_FAILED);
  ::sem_close(sem);

  const auto after = take_snapshot(ipc_places());
  CHECK(after.errors.empty());
  const auto fresh = appeared(before, after);
  const auto shm = find_object(fresh, Kind::posix_shm, shm_name);
  REQUIRE(shm);
  CHECK(shm->bytes == 4096);
  CHECK(shm->path == "/dev/shm" + shm_name);
  CHECK(shm->uid == ::geteuid());
  CHECK(shm->mode == 0600);
  CHECK(leak_message(*shm) ==
        fmt::format("POSIX shared memory \"{}\" (4096 bytes) was not removed — call shm_unlink()",
                    shm_name));
  const auto semaphore = find_object(fresh, Kind::posix_sem, sem_name);
  REQUIRE(semaphore);
  CHECK(semaphore->path == "/dev/shm/sem." + sem_name.substr(1));
  CHECK(leak_message(*semaphore) ==
        fmt::format("named semaphore \"{}\" was not removed — call sem_unlink()", sem_name));
  // A semaphore is never also reported as shared memory.
  CHECK_FALSE(find_object(fresh, Kind::posix_shm, "/sem." + sem_name.substr(1)));

  std::string error;
  CHECK(remove_object(*shm, error));
  CHECK(remove_object(*semaphore, error));
  CHECK(error.empty());
  CHECK(::shm_open(shm_name.c_str(), O_RDONLY, 0) == -1);
  CHECK(::sem_open(sem_name.c_str(), 0) == SEM_FAILED);
}

TEST_CASE("shared memory removed and created again under its name counts as new", "[observe]") {
  const std::string name = unique_name("again");
  Cleanup unlink_it([&] { ::shm_unlink(name.c_str()); });
  REQUIRE(make_shm(name, 10));
  const auto before = take_snapshot(ipc_places());
  const auto old = find_object(before.objects, Kind::posix_shm, name);
  REQUIRE(old);
  CHECK_FALSE(find_object(appeared(before, take_snapshot(ipc_places())), Kind::posix_shm, name));

  REQUIRE(::shm_unlink(name.c_str()) == 0);
  REQUIRE(make_shm(name, 20));
  const auto recreated = find_object(appeared(before, take_snapshot(ipc_places())),
                                     Kind::posix_shm, name);
  REQUIRE(recreated);
  CHECK(recreated->bytes == 20);

  // The old object's removal must not delete the new one in its place.
  std::string error;
  CHECK_FALSE(remove_object(*old, error));
  CHECK(error == fmt::format("not removing /dev/shm{}: it was replaced by another file", name));
  struct stat st;
  CHECK(::stat(("/dev/shm" + name).c_str(), &st) == 0);
}

TEST_CASE("FIFOs and sockets: the scratch directory at any depth, /tmp at the top", "[observe]") {
  TempDir scratch;
  REQUIRE(!scratch.path().empty());
  const std::string tmp_socket = "/tmp" + unique_name("sock") + ".sock";
  const std::string tmp_fifo = "/tmp" + unique_name("fifo");
  Cleanup unlink_tmp([&] {
    ::unlink(tmp_socket.c_str());
    ::unlink(tmp_fifo.c_str());
  });
  SnapshotPlaces places = ipc_places();
  places.scan_recursive = {scratch.path()};
  places.scan_top_level = {"/tmp"};
  places.working_dir = scratch.path();
  const auto before = take_snapshot(places);

  const std::string sub = scratch.path() + "/sub";
  REQUIRE(::mkdir(sub.c_str(), 0700) == 0);
  REQUIRE(::mkfifo((sub + "/fifo").c_str(), 0600) == 0);
  REQUIRE(make_socket_file(scratch.path() + "/s.sock"));
  REQUIRE(::symlink((sub + "/fifo").c_str(), (scratch.path() + "/link").c_str()) == 0);
  REQUIRE(::close(::open((scratch.path() + "/plain").c_str(), O_CREAT | O_WRONLY, 0600)) == 0);
  REQUIRE(make_socket_file(tmp_socket));
  REQUIRE(::mkfifo(tmp_fifo.c_str(), 0600) == 0);

  const auto after = take_snapshot(places);
  CHECK(after.errors.empty());
  const auto fresh = appeared(before, after);
  const auto fifo = find_object(fresh, Kind::fifo, "sub/fifo");
  REQUIRE(fifo);
  CHECK(fifo->in_working_dir);
  CHECK(fifo->path == sub + "/fifo");
  CHECK(leak_message(*fifo) ==
        "FIFO \"sub/fifo\" was left in the working directory — remove it with unlink()");
  const auto socket = find_object(fresh, Kind::socket, "s.sock");
  REQUIRE(socket);
  CHECK(leak_message(*socket) ==
        "socket file \"s.sock\" was left in the working directory — unlink() it before exiting");
  const auto outside = find_object(fresh, Kind::socket, tmp_socket);
  REQUIRE(outside);
  CHECK_FALSE(outside->in_working_dir);
  CHECK(leak_message(*outside) ==
        fmt::format("socket file \"{}\" was left behind — unlink() it before exiting", tmp_socket));
  CHECK(find_object(fresh, Kind::fifo, tmp_fifo));
  // The symbolic link to the FIFO and the plain file are no IPC objects.
  std::size_t in_scratch = 0;
  for (const auto& object : fresh) in_scratch += object.path.rfind(scratch.path(), 0) == 0;
  CHECK(in_scratch == 2);

  std::string error;
  CHECK(remove_object(*fifo, error));
  CHECK(remove_object(*outside, error));
  CHECK_FALSE(std::filesystem::exists(std::filesystem::symlink_status(sub + "/fifo")));
  CHECK_FALSE(std::filesystem::exists(std::filesystem::symlink_status(tmp_socket)));
}

TEST_CASE("a snapshot says what it could not see", "[observe]") {
  SnapshotPlaces places;
  places.shm_dir = "/nonexistent-shm";
  auto snapshot = take_snapshot(places);
  CHECK(snapshot.mqueue_unavailable == "no mqueue filesystem to list POSIX message queues");
  REQUIRE(snapshot.errors.size() == 1);
  CHECK(snapshot.errors[0] == "cannot list /nonexistent-shm: No such file or directory");

  places.shm_dir = "/dev/shm";
  places.mqueue_unavailable = "mqueue: not mounted";
  CHECK(take_snapshot(places).mqueue_unavailable == "mqueue: not mounted");

  places.mqueue_dir = "/tmp";
  snapshot = take_snapshot(places);
  CHECK_FALSE(snapshot.mqueue_unavailable);
  REQUIRE(snapshot.errors.size() == 1);
  CHECK(snapshot.errors[0] == "/tmp is not an mqueue filesystem");
}

}  // namespace
}  // namespace ipcgrade::observe
