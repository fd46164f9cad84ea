// The seccomp filter every launched program gets, built in the runner
// before the fork (the child only installs it):
//  - always: ptrace, process_vm_readv and process_vm_writev fail with EPERM
//    (decisions.md 1);
//  - when its test asks for mechanism evidence: the vocabulary's calls
//    (vocabulary.h), narrowed by scalar arguments, return
//    SECCOMP_RET_USER_NOTIF to a listener that the supervisor serves, and
//    clone3 fails with ENOSYS so that libc falls back to clone, whose flags
//    the filter can read. Every other call runs at full speed.
// The architecture is checked: 32-bit `int $0x80` calls of a 64-bit program
// are matched by their own numbers.
#pragma once

#include <linux/filter.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ipcgrade::mechanism {

struct Filter {
  std::vector<sock_filter> program;
  bool listener = false;  // install with a listener (SECCOMP_FILTER_FLAG_NEW_LISTENER)
  std::set<std::string> extra_calls;  // countable calls recorded besides the vocabulary
};

// The filter without recording (deny only), or with recording of the
// vocabulary and `extra_calls` (kernel names, see countable()). Built once
// per distinct set and kept: every launch of the run shares it.
std::shared_ptr<const Filter> deny_filter();
std::shared_ptr<const Filter> recording_filter(const std::set<std::string>& extra_calls);

// The flags to install `filter` with (seccomp(SECCOMP_SET_MODE_FILTER, ...)).
unsigned install_flags(const Filter& filter);

// What this machine allows, found once by installing filters in a forked
// child. `seccomp` false: no filter at all can be installed (the deny
// filter is then left out). `reason` says why evidence cannot be recorded
// (empty when it can).
struct Support {
  bool seccomp = false;
  bool user_notification = false;
  bool sync_wake_up = false;  // SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (Linux 6.6+)
  std::string reason;
};
const Support& support();

// In the child, between fork and exec: async-signal-safe. Installs the
// filter and, with a listener, sends it over `socket` (SCM_RIGHTS) and
// closes it. Returns 0 or an errno value.
int install_in_child(const Filter& filter, int socket) noexcept;

}  // namespace ipcgrade::mechanism
