// A box made of namespaces (decisions.md 2): each run of a test gets its
// own IPC, mount, network, PID and UTS namespaces, with ipcgrade's own init
// (box_init.h) as PID 1. The runner keeps the programs' pipes in its own
// event loop, passed to it over the box's socket (box_protocol.h).
#pragma once

#include <memory>
#include <string>

#include "box/box.h"

namespace ipcgrade::box {

// Namespaces when a box can be made here (it tries one), else nullptr and
// `why_not` ("cannot create namespaces: unshare: Operation not permitted").
std::unique_ptr<Isolation> make_namespace_isolation(std::string& why_not);

}  // namespace ipcgrade::box
