// The pseudo-terminal of a program run with `tty: true`. The runner keeps
// the master side (output and input both); the program gets the slave side
// as stdin, stdout and stderr, and makes it its controlling terminal.
#pragma once

#include <string>

namespace ipcgrade::exec {

struct TerminalFds {
  int master = -1;             // close-on-exec
  int slave = -1;              // close-on-exec: the launcher dup2s it to 0, 1 and 2
  char end_of_input = '\x04';  // VEOF: typed at the start of a line, read() returns 0
};

// Opens a pty pair in the mode of spec-format.md: echo off (the program's
// input is not its output), output processing off (`\n` stays `\n`), and
// input by lines, so that the VEOF character can end input like a closed
// pipe. Flow control is off too: nobody could type ^Q after a stray ^S in
// stdin. As at any terminal, the kernel cuts an input line at 4095 bytes.
// On failure both ends are closed and `error` says why.
bool open_terminal(TerminalFds& fds, std::string& error);

}  // namespace ipcgrade::exec
