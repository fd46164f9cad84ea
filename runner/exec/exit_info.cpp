#include <sys/wait.h>

#include "exec/launcher.h"

namespace ipcgrade::exec {

bool ExitInfo::exited_normally() const { return WIFEXITED(wait_status); }

int ExitInfo::exit_code() const { return WEXITSTATUS(wait_status); }

int ExitInfo::term_signal() const { return WIFSIGNALED(wait_status) ? WTERMSIG(wait_status) : 0; }

}  // namespace ipcgrade::exec
