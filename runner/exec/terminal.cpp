#include "exec/terminal.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ipcgrade::exec {
namespace {

bool fail(TerminalFds& fds, const char* what, std::string& error) {
  error = std::string("cannot open a terminal (") + what + "): " + std::strerror(errno);
  if (fds.slave >= 0) ::close(fds.slave);
  if (fds.master >= 0) ::close(fds.master);
  fds = TerminalFds{};
  return false;
}

bool set_mode(const TerminalFds& fds, char& end_of_input) {
  termios mode{};
  if (::tcgetattr(fds.slave, &mode) != 0) return false;
  mode.c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHOE | ECHOK | ECHONL);
  mode.c_lflag |= ICANON;
  mode.c_oflag &= ~static_cast<tcflag_t>(OPOST);
  mode.c_iflag &= ~static_cast<tcflag_t>(IXON);
  if (::tcsetattr(fds.slave, TCSANOW, &mode) != 0) return false;
  end_of_input = static_cast<char>(mode.c_cc[VEOF]);
  // A new pty is 0x0; full-screen programs need a size to lay out.
  const winsize size{24, 80, 0, 0};
  return ::ioctl(fds.slave, TIOCSWINSZ, &size) == 0;
}

}  // namespace

bool open_terminal(TerminalFds& fds, std::string& error) {
  fds = TerminalFds{};
  // O_NOCTTY on both ends: the runner must not acquire the terminal; the
  // program takes it with TIOCSCTTY once it leads its own session.
  fds.master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fds.master < 0) return fail(fds, "posix_openpt", error);
  if (::grantpt(fds.master) != 0 || ::unlockpt(fds.master) != 0)
    return fail(fds, "unlockpt", error);
  char name[128];
  if (::ptsname_r(fds.master, name, sizeof name) != 0) return fail(fds, "ptsname", error);
  fds.slave = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fds.slave < 0) return fail(fds, name, error);
  if (!set_mode(fds, fds.end_of_input)) return fail(fds, "termios", error);
  return true;
}

}  // namespace ipcgrade::exec
