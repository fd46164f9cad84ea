// The runner's side of mechanism evidence. Each recorded program's listener
// (a seccomp notification descriptor, sent by the child before exec) is
// served by one supervisor thread for the whole runner: it receives each
// notification, classifies the call (vocabulary.h), counts it into that
// program's Recording and answers CONTINUE, so the call then runs as if
// nothing had happened. A listener belongs to one launched program and
// every process it starts (the filter is inherited), so its counts are the
// program's "with its descendants".
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "mechanism/evidence.h"
#include "mechanism/vocabulary.h"

namespace ipcgrade::mechanism {

// The counts of one program, written by the supervisor thread and read by
// the event loop when the program has finished. A count is made before
// the call is let through, so a program that has exited has nothing left
// uncounted (its descendants may still add to it).
class Recording {
 public:
  Evidence snapshot() const;
  void count(const Classified& classified);

 private:
  mutable std::mutex mutex_;
  Evidence evidence_ = recorded_evidence();
  static Evidence recorded_evidence() {
    Evidence e;
    e.recorded = true;
    return e;
  }
};

class Supervisor {
 public:
  // The runner's one supervisor; its thread starts with the first listener
  // and lives as long as the process.
  static Supervisor& shared();

  // Serves `listener` (taken over: closed once every program holding the
  // filter has exited). Never fails: a listener that cannot be watched is
  // closed, which lets the program's recorded calls fail with ENOSYS, and
  // the Recording says so.
  std::shared_ptr<Recording> serve(int listener, bool sync_wake_up);

  Supervisor(const Supervisor&) = delete;
  Supervisor& operator=(const Supervisor&) = delete;

 private:
  Supervisor();
  void loop();
  void serve_one(int listener);
  void drop(int listener);
  std::shared_ptr<Recording> recording_of(int listener);

  int wake_ = -1;  // an eventfd: the set of listeners changed
  std::mutex mutex_;
  std::map<int, std::shared_ptr<Recording>> served_;
  std::thread thread_;
};

// The socket a child sends its listener over: ends[0] is the runner's,
// ends[1] the child's (both close-on-exec). False with `error` set.
bool make_listener_socket(int ends[2], std::string& error);
// The listener the child sent, once it has exec'd (the send happened
// before exec): -1 with `error` set when none came.
int receive_listener(int socket, std::string& error);

}  // namespace ipcgrade::mechanism
