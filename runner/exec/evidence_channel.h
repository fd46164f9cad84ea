// The runner's half of recording one launch's mechanism evidence: the
// socket the child sends its seccomp listener over before exec, and the
// hand-over of that listener to the supervisor once the launch succeeded.
// Used by the host launcher and by a box's launcher alike (where the child
// is started by the box's init, the socket travels to it by SCM_RIGHTS).
#pragma once

#include <memory>
#include <string>

#include "exec/launcher.h"

namespace ipcgrade::mechanism {
class Recording;
}

namespace ipcgrade::exec {

class EvidenceChannel {
 public:
  EvidenceChannel() = default;
  ~EvidenceChannel();
  EvidenceChannel(const EvidenceChannel&) = delete;
  EvidenceChannel& operator=(const EvidenceChannel&) = delete;

  // Nothing to do unless `request` carries a filter with a listener; then a
  // socket pair, whose child end is set as request.listener_socket.
  bool open(LaunchRequest& request, std::string& error);
  bool active() const { return ours_ >= 0; }
  int child_end() const { return theirs_; }
  // Once the launch call returned (the child's end is no longer needed).
  void close_child_end();
  // After a successful launch: the listener, served by the supervisor.
  // nullptr with `error` set when none arrived.
  std::shared_ptr<mechanism::Recording> serve(std::string& error);

 private:
  int ours_ = -1;
  int theirs_ = -1;
};

}  // namespace ipcgrade::exec
