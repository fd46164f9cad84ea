#include "box/cgroup.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <latch>
#include <memory>
#include <set>
#include <thread>

namespace ipcgrade::box {
namespace {

namespace fs = std::filesystem;

bool cgroups_usable() {
  const CgroupSupport& support = detect_cgroups();
  if (support.version != CgroupSupport::Version::none) return true;
  WARN("cgroup tests skipped: " << support.reason);
  return false;
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

// Forks a child that joins `cgroup` and then runs `body` (never returns).
template <class Body>
pid_t spawn_in(const TestCgroup& cgroup, Body body) {
  const std::vector<std::string> files = cgroup.procs_files();
  const pid_t pid = ::fork();
  if (pid == 0) {
    for (const auto& file : files) {
      const int fd = ::open(file.c_str(), O_WRONLY);
      if (fd < 0 || ::write(fd, "0", 1) != 1) ::_exit(100);
      ::close(fd);
    }
    body();
    ::_exit(0);
  }
  return pid;
}

// Waits for `done` up to a deadline (there is no event for cgroup files).
template <class Done>
bool eventually(Done done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace

TEST_CASE("a test cgroup holds its limits and is removed with its object", "[cgroup]") {
  if (!cgroups_usable()) return;
  std::string error;
  auto cgroup = TestCgroup::create({64, 256ull << 20}, error);
  REQUIRE(cgroup);
  CHECK(error.empty());
  const std::vector<std::string> files = cgroup->procs_files();
  REQUIRE_FALSE(files.empty());
  for (const auto& file : files) CHECK(fs::exists(file));
  // The pids directory comes first (v1), or is the only one (v2).
  if (cgroup->holds_processes())
    CHECK(slurp(fs::path(files.front()).parent_path() / "pids.max") == "64");
  CHECK(cgroup->pids().empty());
  CHECK_FALSE(cgroup->pids_limit_hit());
  CHECK_FALSE(cgroup->memory_limit_hit());
  cgroup.reset();
  for (const auto& file : files) CHECK_FALSE(fs::exists(fs::path(file).parent_path()));
}

// Slots make their tests' cgroups from threads of their own. An unguarded
// counter gave two tests one name; an unguarded map of parent directories
// corrupted the heap (a runner crash in box/parallel-isolation).
TEST_CASE("cgroups made from several threads at once are all made and all distinct", "[cgroup]") {
  if (!cgroups_usable()) return;
  constexpr int kThreads = 8;
  constexpr int kEach = 25;
  std::vector<std::vector<std::unique_ptr<TestCgroup>>> made(kThreads);
  std::vector<std::string> errors(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      start.arrive_and_wait();
      for (int i = 0; i < kEach; ++i) {
        auto cgroup = TestCgroup::create({64, 0}, errors[t]);
        if (!cgroup) return;
        made[t].push_back(std::move(cgroup));
      }
    });
  for (auto& thread : threads) thread.join();
  std::set<std::string> files;
  for (int t = 0; t < kThreads; ++t) {
    INFO("thread " << t << ": " << errors[t]);
    CHECK(made[t].size() == kEach);
    for (const auto& cgroup : made[t])
      for (const auto& file : cgroup->procs_files()) CHECK(files.insert(file).second);
  }
}

TEST_CASE("kill_all empties a cgroup whose process ignores SIGTERM", "[cgroup]") {
  if (!cgroups_usable()) return;
  std::string error;
  auto cgroup = TestCgroup::create({64, 0}, error);
  REQUIRE(cgroup);
  const pid_t pid = spawn_in(*cgroup, [] {
    ::signal(SIGTERM, SIG_IGN);
    for (;;) ::pause();
  });
  REQUIRE(eventually([&] { return cgroup->pids().size() == 1; }));
  CHECK(cgroup->pids().front() == pid);
  CHECK(cgroup->kill_all(error));
  CHECK(error.empty());
  CHECK(cgroup->pids().empty());
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
}

TEST_CASE("a fork bomb hits the processes limit and kill_all still ends it", "[cgroup]") {
  if (!cgroups_usable()) return;
  std::string error;
  auto cgroup = TestCgroup::create({32, 0}, error);
  REQUIRE(cgroup);
  if (!cgroup->holds_processes()) {
    WARN("no pids controller: fork bomb test skipped");
    return;
  }
  const pid_t pid = spawn_in(*cgroup, [] {
    for (;;) ::fork();  // every copy forks on, failing once 32 run
  });
  REQUIRE(eventually([&] { return cgroup->pids_limit_hit(); }));
  CHECK(cgroup->kill_all(error));
  CHECK(error.empty());
  CHECK(cgroup->pids().empty());
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  CHECK(WIFSIGNALED(status));
}

TEST_CASE("a memory bomb is killed by the OOM killer and reported", "[cgroup]") {
  if (!cgroups_usable()) return;
  std::string error;
  auto cgroup = TestCgroup::create({0, 32ull << 20}, error);
  REQUIRE(cgroup);
  if (!cgroup->holds_memory()) {
    WARN("no memory controller: memory bomb test skipped");
    return;
  }
  const pid_t pid = spawn_in(*cgroup, [] {
    for (int i = 0; i < 64; ++i) {
      char* block = static_cast<char*>(std::malloc(8 << 20));
      if (block) std::memset(block, 1, 8 << 20);
    }
    ::_exit(3);  // not reached while the limit holds
  });
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
  CHECK(cgroup->memory_limit_hit());
  CHECK_FALSE(cgroup->pids_limit_hit());
}

}  // namespace ipcgrade::box
