// A running program as the io_context sees it: its pidfd, its output
// pipes, its stdin queue and the timers of a stop and of the final drain.
// Completion handlers hold it by shared_ptr, so they stay harmless after
// the Child is gone: they find no observer and return.
//
// Two launchers share it. On the host the runner is the program's parent:
// the pidfd tells of the exit, and ChildState reaps the program and ends
// its group itself (start). In a box the box's init is the parent: it
// reaps, ends the group and reports the exit (start_reported, then
// report_exit); the runner still reads the pipes, sends signals through
// the pidfd and the group, and drains.
#pragma once

#include <sys/types.h>

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/writable_pipe.hpp>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "exec/launcher.h"
#include "exec/spawn.h"

namespace ipcgrade::mechanism {
class Recording;
}

namespace ipcgrade::exec {

class ChildState : public std::enable_shared_from_this<ChildState> {
 public:
  ChildState(boost::asio::io_context& io, ChildObserver& observer)
      : observer_(&observer),
        out_(io),
        err_(io),
        in_(io),
        exit_watch_(io),
        drain_timer_(io),
        stop_timer_(io),
        setup_errors_(io) {}

  boost::asio::readable_pipe& out() { return out_; }
  boost::asio::readable_pipe& err() { return err_; }
  boost::asio::writable_pipe& in() { return in_; }

  // Under a terminal, out() and in() are the pty master (err() stays
  // closed), and closing stdin types `end_of_input` at the start of a line.
  void use_terminal(char end_of_input) { end_of_input_ = end_of_input; }
  // Takes the watcher's ends of the program's standard streams.
  void attach(StdioEnds& ends);
  // The program's mechanism evidence, read into ExitInfo when it finishes.
  void record(std::shared_ptr<mechanism::Recording> recording) {
    recording_ = std::move(recording);
  }
  // Watches an exec'd child of ours; false with errno set when it cannot.
  bool start(pid_t pid, Clock::time_point started);
  // Watches a program that another process reaps; takes `pidfd`.
  bool start_reported(pid_t pid, int pidfd, Clock::time_point started);
  // A parked child (Launcher::prepare), after start or start_reported:
  // release() writes its gate, and the error pipe then tells whether the
  // exec of `exe` succeeded.
  void park(ParkedEnds ends, std::string exe);
  bool parked() const { return gate_.valid(); }
  bool release();
  // Its reaper says it exited: wait_status, CPU times and group_survivors
  // of `reaped` are taken.
  void report_exit(const ExitInfo& reaped);
  pid_t pid() const { return pid_; }
  bool running() const { return !reaped_; }
  bool send_signal(int signo, bool to_group);
  void write_stdin(std::string data);
  std::size_t stdin_queued() const { return stdin_queued_; }
  void close_stdin();
  void stop(std::chrono::milliseconds grace);
  void kill_now();
  std::uint64_t pending_signals() const;
  void abandon();

 private:
  bool active() const { return observer_ != nullptr; }
  boost::asio::readable_pipe& pipe_for(Stream stream) {
    return stream == Stream::out ? out_ : err_;
  }
  void read_next(Stream stream);
  void read_setup();
  void on_read(Stream stream, const boost::system::error_code& ec, std::size_t size);
  bool watch(int pidfd);
  void watch_exit();
  void on_exit();
  void after_exit();
  void reap();
  void queue_end_of_input();
  void write_next();
  void on_written(const boost::system::error_code& ec, std::size_t size);
  void finish();
  void close_all();

  ChildObserver* observer_;
  boost::asio::readable_pipe out_;
  boost::asio::readable_pipe err_;
  boost::asio::writable_pipe in_;
  boost::asio::posix::stream_descriptor exit_watch_;  // the pidfd
  boost::asio::steady_timer drain_timer_;
  boost::asio::steady_timer stop_timer_;
  std::array<char, 64 * 1024> out_buffer_;
  std::array<char, 64 * 1024> err_buffer_;
  std::deque<std::string> stdin_queue_;
  std::size_t stdin_queued_ = 0;
  bool writing_ = false;
  bool stdin_close_requested_ = false;
  std::optional<char> end_of_input_;  // under a terminal
  bool at_line_start_ = true;         // of what was queued for stdin
  int open_streams_ = 0;
  pid_t pid_ = -1;
  bool reaped_ = false;
  bool reaped_here_ = true;  // false when another process reaps it
  ExitInfo info_;
  std::shared_ptr<mechanism::Recording> recording_;
  UniqueFd gate_;                           // parked: unreleased
  boost::asio::readable_pipe setup_errors_;  // released: EOF once exec'd
  std::string exe_;
  std::array<char, 64> setup_buffer_;
  std::string setup_record_;
  bool exit_seen_ = false;  // parked: it exited (or was killed) before release
};

// The Child of a ChildState: a running one is killed (and reaped, when it
// is ours) when the Child goes away.
std::unique_ptr<Child> make_child(std::shared_ptr<ChildState> state);

}  // namespace ipcgrade::exec
