// Parallel slots (decisions.md 1): as root, every test runs under a uid of
// its own slot, 60000 + n, that no other test of this runner and no other
// runner on the machine uses at the same time. A slot is claimed with a
// lock file that only root may create, held until the runner lets go or
// dies (the kernel drops the lock). Not as root there are no slot uids:
// the runner's programs run as its own uid, each test in a box of its own
// user namespace where the kernel allows one (else one test at a time, so
// one slot), and slots 0 to count-1 are this runner's alone.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace ipcgrade::box {

constexpr uid_t kSlotUidBase = 60000;
constexpr int kMaxSlots = 256;

class SlotClaim {
 public:
  // The `count` lowest slots no other runner holds; fewer (at least one)
  // when the machine's slots run out. Never blocks.
  static std::vector<SlotClaim> claim(int count);

  SlotClaim(SlotClaim&& other) noexcept;
  SlotClaim& operator=(SlotClaim&& other) noexcept;
  SlotClaim(const SlotClaim&) = delete;
  SlotClaim& operator=(const SlotClaim&) = delete;
  ~SlotClaim();

  int number() const { return number_; }
  // The slot's uid and gid, as root; unset otherwise.
  std::optional<uid_t> uid() const { return uid_; }
  std::optional<gid_t> gid() const { return uid_; }

 private:
  SlotClaim(int number, std::optional<uid_t> uid, int fd) : number_(number), uid_(uid), fd_(fd) {}

  int number_ = 0;
  std::optional<uid_t> uid_;
  int fd_ = -1;
};

}  // namespace ipcgrade::box
