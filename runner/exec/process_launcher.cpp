// The real launcher: Boost.Process v2 forks, ChildSetup does the rest of
// the process rules (launcher.h) and execs (spawn.cpp), and a ChildState
// watches the program on the caller's io_context until it has been reaped
// and drained.
#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>

#include "exec/child_state.h"
#include "exec/evidence_channel.h"
#include "exec/launcher.h"
#include "exec/spawn.h"

namespace ipcgrade::exec {
namespace {

namespace asio = boost::asio;

class ProcessLauncher final : public Launcher {
 public:
  explicit ProcessLauncher(asio::io_context& io) : io_(io) {}
  std::unique_ptr<Child> launch(const LaunchRequest& request, ChildObserver& observer,
                                std::string& error) override {
    return start(request, observer, error, false);
  }
  std::unique_ptr<Child> prepare(const LaunchRequest& request, ChildObserver& observer,
                                 std::string& error) override {
    return start(request, observer, error, true);
  }

 private:
  std::unique_ptr<Child> start(const LaunchRequest& request, ChildObserver& observer,
                               std::string& error, bool parked);
  asio::io_context& io_;
};

// Launched, or prepared: parked before execve until Child::release().
std::unique_ptr<Child> ProcessLauncher::start(const LaunchRequest& request,
                                              ChildObserver& observer, std::string& error,
                                              bool parked) {
  if (auto problem = launch_problem(request)) {
    error = *problem;
    return nullptr;
  }
  auto state = std::make_shared<ChildState>(io_, observer);
  StdioEnds ends;
  if (!open_stdio(request, ends, error)) return nullptr;
  state->attach(ends);
  LaunchRequest recorded = request;
  EvidenceChannel evidence;
  if (!evidence.open(recorded, error)) return nullptr;
  const auto started = Clock::now();
  ParkedEnds gate;
  const pid_t pid = spawn_program(io_, recorded, ends, error, parked ? &gate : nullptr);
  if (pid < 0) return nullptr;
  bool unrecorded = false;
  if (evidence.active()) {
    // The child sent its listener before exec: it is there, or never comes.
    std::string problem;
    auto recording = evidence.serve(problem);
    if (!recording) error = "cannot record " + request.exe.string() + ": " + problem;
    unrecorded = !recording;
    state->record(std::move(recording));
  }
  if (unrecorded || !state->start(pid, started)) {
    if (!unrecorded) error = "cannot watch " + request.exe.string() + ": " + std::strerror(errno);
    ::kill(-pid, SIGKILL);
    while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
    }
    return nullptr;
  }
  if (parked) state->park(std::move(gate), request.exe.string());
  // A terminal without scripted input reads as empty, as /dev/null would.
  if (request.tty && !request.stdin_pipe) state->close_stdin();
  return make_child(std::move(state));
}

}  // namespace

std::unique_ptr<Launcher> make_process_launcher(asio::io_context& io) {
  return std::make_unique<ProcessLauncher>(io);
}

}  // namespace ipcgrade::exec
