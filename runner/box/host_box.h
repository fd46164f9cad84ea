// The box without namespaces (decisions.md 5): the test's programs run on
// the host, and the host's shared state is watched instead. The box takes
// a snapshot of System V IPC, /dev/shm, POSIX message queues, the scratch
// directory and /tmp when it opens; collect() keeps only what appeared
// since and is the test's (owned by the slot uid, made by one of the
// test's pids, named in the test's words, or inside its scratch
// directory), removes it, and kills the test's processes that outlived
// it. Nothing else on the machine is touched.
#pragma once

#include <sys/types.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "box/box.h"
#include "observe/mqueue_view.h"

namespace ipcgrade::box {

// One test at a time per slot uid across every ipcgrade on the machine
// (decisions.md 5): without namespaces, everything the slot uid owns is
// the running test's, so a second runner using the same uid must wait.
// Held while the box is open and while a submission is built under the
// slot uid. Not as root there is no slot uid, and nothing is locked.
class SlotLock {
 public:
  // Blocks until the slot is free; `uid` unset locks nothing.
  explicit SlotLock(std::optional<uid_t> uid);
  SlotLock(const SlotLock&) = delete;
  SlotLock& operator=(const SlotLock&) = delete;
  ~SlotLock();

 private:
  int fd_ = -1;
};

class HostIsolation final : public Isolation {
 public:
  // `reason`: why there is no box, said once to the user.
  explicit HostIsolation(std::string reason);

  std::string name() const override { return "none"; }
  std::optional<std::string> reason() const override { return reason_; }
  int max_parallel() const override { return 1; }
  std::unique_ptr<TestBox> open(boost::asio::io_context& io, const BoxConfig& config,
                                std::string& error) override;

 private:
  std::string reason_;
  // Mounted once per isolation: a private mqueue mount costs a fork.
  observe::MqueueView mqueue_;
};

namespace detail {

// Which of the objects that appeared during a test are the test's.
bool belongs_to_test(const observe::IpcObject& object, const std::optional<uid_t>& slot_uid,
                     const Footprint& footprint);

// A process by pid and start time: a reused pid is another process.
using ProcessKey = std::pair<pid_t, std::uint64_t>;

// The processes of the runner's pid namespace alive after a test that are
// the test's: new since the box opened; the slot uid's (without one, in
// the group or session of one of the test's programs); and descended from
// the test, that is whose parent is one of its programs, a process that
// adopts orphans (`adopters`: init and the runner's ancestors, among them
// any subreaper), or another such process. The last rule keeps out what
// another runner on the machine started meanwhile.
struct TestProcesses {
  std::vector<observe::ProcessInfo> to_kill;
  // Minus the members of a launched program's own group, which the
  // launcher killed and reported when that program ended (decisions.md
  // 12).
  std::vector<observe::ProcessInfo> to_report;
};
TestProcesses test_processes(const std::vector<observe::ProcessInfo>& candidates,
                             const std::set<ProcessKey>& before,
                             const std::optional<uid_t>& slot_uid, const Footprint& footprint,
                             const std::set<pid_t>& adopters);

}  // namespace detail

}  // namespace ipcgrade::box
