// The runner's end of a box's socket: requests that wait for their answer
// (a launch, the audit) and, in between, the init's exit reports, read on
// the io_context and handed to the ChildState of the program.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>

#include "box/box_protocol.h"
#include "exec/child_state.h"

namespace ipcgrade::box {

class BoxConnection : public std::enable_shared_from_this<BoxConnection> {
 public:
  BoxConnection(boost::asio::io_context& io, exec::UniqueFd socket);
  int socket() { return socket_.native_handle(); }
  bool send(const nlohmann::json& body, std::string& error, const std::vector<int>& fds = {});
  // Waits for the message of `type` (and `id`, unless negative) until
  // `timeout`; other messages are kept and handled on the io_context.
  bool wait_for(const std::string& type, std::int64_t id, std::chrono::milliseconds timeout,
                Message& reply, std::string& error);
  // Exit reports for `id` go to `state` from now on.
  void track(std::int64_t id, const std::shared_ptr<exec::ChildState>& state);
  void start_reading();
  void close();

 private:
  void read_ready();
  void handle_kept();
  void handle(const Message& message);

  boost::asio::io_context& io_;
  boost::asio::posix::stream_descriptor socket_;
  std::deque<Message> kept_;
  std::map<std::int64_t, std::weak_ptr<exec::ChildState>> children_;
  bool closed_ = false;
};

}  // namespace ipcgrade::box
