#include "exec/command.h"

#include <sys/wait.h>

#include <boost/asio/steady_timer.hpp>

namespace ipcgrade::exec {

namespace {

class Collector final : public ChildObserver {
 public:
  explicit Collector(std::size_t cap) : cap_(cap) {}
  void on_output(Stream, std::string_view chunk) override {
    if (output.size() < cap_) output.append(chunk.substr(0, cap_ - output.size()));
  }
  void on_finished(const ExitInfo& info) override {
    wait_status = info.wait_status;
    done = true;
  }
  std::string output;
  int wait_status = 0;
  bool done = false;

 private:
  std::size_t cap_;
};

}  // namespace

bool CommandResult::succeeded() const {
  return !launch_error && !timed_out && WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0;
}

CommandResult run_command(Launcher& launcher, boost::asio::io_context& io,
                          const LaunchRequest& request, std::chrono::milliseconds timeout,
                          std::size_t output_cap) {
  CommandResult result;
  Collector collector(output_cap);
  std::string error;
  auto child = launcher.launch(request, collector, error);
  if (!child) {
    result.launch_error = error;
    return result;
  }
  boost::asio::steady_timer timer(io, timeout);
  timer.async_wait([&](boost::system::error_code ec) {
    if (ec || collector.done) return;
    result.timed_out = true;
    child->stop(std::chrono::milliseconds(200));
  });
  while (!collector.done && io.run_one() > 0) {
  }
  timer.cancel();
  io.poll();
  result.wait_status = collector.wait_status;
  result.output = std::move(collector.output);
  return result;
}

}  // namespace ipcgrade::exec
