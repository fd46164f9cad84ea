#include "exec/evidence_channel.h"

#include <unistd.h>

#include "mechanism/filter.h"
#include "mechanism/supervisor.h"

namespace ipcgrade::exec {

EvidenceChannel::~EvidenceChannel() {
  close_child_end();
  if (ours_ >= 0) ::close(ours_);
}

void EvidenceChannel::close_child_end() {
  if (theirs_ >= 0) ::close(theirs_);
  theirs_ = -1;
}

bool EvidenceChannel::open(LaunchRequest& request, std::string& error) {
  if (!request.seccomp || !request.seccomp->listener) return true;
  int ends[2];
  if (!mechanism::make_listener_socket(ends, error)) return false;
  ours_ = ends[0];
  theirs_ = ends[1];
  request.listener_socket = ends[1];
  return true;
}

std::shared_ptr<mechanism::Recording> EvidenceChannel::serve(std::string& error) {
  close_child_end();
  const int listener = mechanism::receive_listener(ours_, error);
  ::close(ours_);
  ours_ = -1;
  if (listener < 0) return nullptr;
  return mechanism::Supervisor::shared().serve(listener, mechanism::support().sync_wake_up);
}

}  // namespace ipcgrade::exec
