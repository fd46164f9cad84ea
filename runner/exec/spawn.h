// Starting one program by the process rules of launcher.h, shared by the
// launcher on the host (process_launcher.cpp) and by a box's init, which
// starts the programs of a test inside the box (box/box_init.cpp): the
// checks before the fork, the program's standard streams, Boost.Process v2
// with ChildSetup, and the end of a process group once its leader is reaped.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>

#include "exec/launcher.h"
#include "exec/unique_fd.h"

namespace boost::asio {
class io_context;
}

namespace ipcgrade::exec {

// Both sides of a program's standard streams. The child's ends go to the
// program; the others to whoever watches it. Under a terminal, `out` is the
// pty master and `in` a duplicate of it (Asio's reactor takes a descriptor
// once), `err` stays closed and `end_of_input` is the terminal's VEOF.
struct StdioEnds {
  UniqueFd child_in;
  UniqueFd child_out;
  UniqueFd child_err;
  UniqueFd in;   // write end of stdin; closed without stdin_pipe (and no tty)
  UniqueFd out;  // read end of stdout
  UniqueFd err;  // read end of stderr
  std::optional<char> end_of_input;
};

// "cannot run X: ..." when the program or its directory is unusable, found
// before the fork for the clearest message.
std::optional<std::string> launch_problem(const LaunchRequest& request);

// Pipes (or a pseudo-terminal under `tty`), all close-on-exec; stdin from
// /dev/null unless `stdin_pipe`.
bool open_stdio(const LaunchRequest& request, StdioEnds& ends, std::string& error);

// A parked child's two descriptors for whoever releases it: one byte on
// `gate` lets it exec (closing it unwritten ends it); `errors` then gives
// EOF once it has exec'd, or a SetupFailure (child_setup.h).
struct ParkedEnds {
  UniqueFd gate;
  UniqueFd errors;
};

// Forks and execs with ChildSetup; the child's ends of `ends` are closed
// when it returns. Returns the pid, or -1 with `error` set and no zombie.
// With `parked`, the child is left parked before execve (Launcher::prepare)
// and its gate and error pipe are returned there.
pid_t spawn_program(boost::asio::io_context& io, const LaunchRequest& request, StdioEnds& ends,
                    std::string& error, ParkedEnds* parked = nullptr);

// Kills what is left of process group `pgid` once its leader has been
// reaped; true when a live member was still there (as the caller's /proc
// shows it).
bool end_group(pid_t pgid);

}  // namespace ipcgrade::exec
