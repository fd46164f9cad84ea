// The messages between the runner and a box's init, over one Unix
// SOCK_SEQPACKET socket pair: one JSON document per packet, descriptors
// alongside it (SCM_RIGHTS). Every field of a LaunchRequest is written and
// read here and nowhere else, so that a field added to it (cgroups,
// seccomp) is added to the box in this one file.
//
//   runner -> init   {"type":"setup", scratch, visible, hidden}   first, once
//   init -> runner   {"type":"ready", mqueue, ...} + [pidfd of the init]
//                    or {"type":"failed", "error"}
//   runner -> init   {"type":"launch", id, request, parked?}
//   init -> runner   {"type":"launched", id, error?, box_pid, host_pid, eof?, parked?}
//                    + [pidfd, stdout, stderr?, stdin?, gate?, setup errors?]
//                    (parked: the child waits before execve until the runner
//                    writes its gate; Launcher::prepare)
//   init -> runner   {"type":"exited", id, status, cpu_user_us, cpu_system_us, group_survivors}
//   runner -> init   {"type":"collect"}
//   init -> runner   {"type":"collected", leftovers}
//   runner closes its end: the init kills everything and exits.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "box/box.h"
#include "exec/launcher.h"
#include "exec/unique_fd.h"

namespace ipcgrade::box {

struct Message {
  nlohmann::json body;
  std::vector<exec::UniqueFd> fds;
};

// Lets one packet be as large as a big audit (a fork bomb's thousand
// processes) or launch request (a long environment): 8 MiB.
void widen_sends(int socket);

// Sends one packet; false with `error` set when the socket refused it.
bool send_message(int socket, const nlohmann::json& body, const std::vector<int>& fds,
                  std::string& error);

enum class Receive { message, would_block, closed, failed };
// Receives one packet if one is there, without blocking. Descriptors
// arrive close-on-exec.
Receive receive_message(int socket, Message& message, std::string& error);

nlohmann::json launch_request_json(const exec::LaunchRequest& request);
exec::LaunchRequest launch_request_from(const nlohmann::json& json);

nlohmann::json leftovers_json(const Leftovers& leftovers);
Leftovers leftovers_from(const nlohmann::json& json);

// The exit of a program as its reaper saw it: wait_status, CPU times and
// group_survivors of an ExitInfo (the times of day are the runner's).
nlohmann::json exit_json(const exec::ExitInfo& info);
exec::ExitInfo exit_info_from(const nlohmann::json& json);

}  // namespace ipcgrade::box
