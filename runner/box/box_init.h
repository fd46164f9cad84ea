// A box's init: the small program that is PID 1 of each box (decisions.md
// 2), and the box server that makes boxes.
//
// An exec costs more than a box (tens of milliseconds for a binary this
// size), so the runner execs its own binary once, as the box server:
// `/proc/self/exe __box-init FD` (main() of ipcgrade and of the test binary
// dispatch it first thing). The server leaves the runner's children (so
// that the runner's waits never see it) and, for each box, receives one end
// of a socket pair over FD (box_protocol.h) and forks a shim for it.
//
// The shim unshares the IPC, mount, network, PID and UTS namespaces and
// forks: the child is PID 1 of the new PID namespace, and the shim only
// waits for it and exits with its status. PID 1
// makes the box's mounts (box_mounts.h), then serves the runner: launches
// programs with the same ChildSetup as the host launcher, reaps every
// process of the box, reports the exits of what it launched, audits what
// the test left, and when the runner closes the socket kills everything
// and exits, which makes the kernel end the namespace.
//
// Whoever dies first takes the box along: the server exits when the
// runner's end of its socket closes (the runner exited or was killed), the
// shim and PID 1 each have PR_SET_PDEATHSIG SIGKILL, the kernel kills a PID
// namespace's members when its PID 1 dies, and PID 1 exits when its box's
// socket closes.
#pragma once

namespace ipcgrade::box {

inline constexpr const char* kBoxInitCommand = "__box-init";

int box_init_main(int argc, char** argv);

}  // namespace ipcgrade::box
