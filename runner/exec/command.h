// Runs one command to its end on the io_context and returns what it wrote:
// the build step's compiler and make runs. The output is capped; the
// command is stopped at its timeout.
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <optional>
#include <string>

#include "exec/launcher.h"

namespace ipcgrade::exec {

struct CommandResult {
  std::optional<std::string> launch_error;
  int wait_status = 0;
  bool timed_out = false;
  std::string output;  // stdout and stderr interleaved, at most `output_cap` bytes
  bool succeeded() const;
};

CommandResult run_command(Launcher& launcher, boost::asio::io_context& io,
                          const LaunchRequest& request, std::chrono::milliseconds timeout,
                          std::size_t output_cap = 64 * 1024);

}  // namespace ipcgrade::exec
