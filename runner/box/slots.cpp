#include "box/slots.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <fmt/format.h>
#include <utility>

namespace ipcgrade::box {
namespace {

// Only root may write here, so that a program under test cannot take a
// lock file's place.
constexpr const char* kClaimDir = "/run/ipcgrade";

// The lock of slot `n`, held: its fd, or -1 when another runner holds it
// (or it cannot be made).
int try_lock(int n) {
  const std::string path = fmt::format("{}/claim-{}.lock", kClaimDir, kSlotUidBase + n);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return -1;
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return fd;
  ::close(fd);
  return -1;
}

}  // namespace

std::vector<SlotClaim> SlotClaim::claim(int count) {
  std::vector<SlotClaim> slots;
  if (::geteuid() != 0) {
    for (int n = 0; n < std::max(1, count); ++n) slots.push_back(SlotClaim(n, std::nullopt, -1));
    return slots;
  }
  const bool have_dir = ::mkdir(kClaimDir, 0755) == 0 || errno == EEXIST;
  for (int n = 0; have_dir && n < kMaxSlots && static_cast<int>(slots.size()) < count; ++n)
    if (const int fd = try_lock(n); fd >= 0) slots.push_back(SlotClaim(n, kSlotUidBase + n, fd));
  // Without a lock directory, or with every slot taken, slot 0 still runs
  // the tests, as before slots were claimed.
  if (slots.empty()) slots.push_back(SlotClaim(0, kSlotUidBase, -1));
  return slots;
}

SlotClaim::SlotClaim(SlotClaim&& other) noexcept
    : number_(other.number_), uid_(other.uid_), fd_(std::exchange(other.fd_, -1)) {}

SlotClaim& SlotClaim::operator=(SlotClaim&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    number_ = other.number_;
    uid_ = other.uid_;
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

SlotClaim::~SlotClaim() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace ipcgrade::box
