#include "box/box_connection.h"

#include <poll.h>

#include <boost/asio/post.hpp>

namespace ipcgrade::box {

namespace asio = boost::asio;
using nlohmann::json;

BoxConnection::BoxConnection(asio::io_context& io, exec::UniqueFd socket)
    : io_(io), socket_(io, socket.release()) {
  boost::system::error_code ignored;
  socket_.non_blocking(true, ignored);
}

bool BoxConnection::send(const json& body, std::string& error, const std::vector<int>& fds) {
  if (closed_) {
    error = "the box is closed";
    return false;
  }
  return send_message(socket(), body, fds, error);
}

bool BoxConnection::wait_for(const std::string& type, std::int64_t id,
                             std::chrono::milliseconds timeout, Message& reply,
                             std::string& error) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!closed_) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      error = "the box's init did not answer within " + std::to_string(timeout.count()) + " ms";
      return false;
    }
    pollfd watched{socket(), POLLIN, 0};
    if (::poll(&watched, 1, static_cast<int>(left.count()) + 1) < 0 && errno != EINTR) break;
    Message message;
    const Receive got = receive_message(socket(), message, error);
    if (got == Receive::would_block) continue;
    if (got == Receive::closed) error = "the box's init has gone";
    if (got != Receive::message) return false;
    const json& body = message.body;
    if (body.value("type", "") == "failed") {
      error = body.value("error", "the box's init failed");
      return false;
    }
    if (body.value("type", "") == type && (id < 0 || body.value("id", std::int64_t{-1}) == id)) {
      reply = std::move(message);
      return true;
    }
    kept_.push_back(std::move(message));
    asio::post(io_, [self = shared_from_this()] { self->handle_kept(); });
  }
  error = "the box is closed";
  return false;
}

void BoxConnection::track(std::int64_t id, const std::shared_ptr<exec::ChildState>& state) {
  children_[id] = state;
}

void BoxConnection::start_reading() {
  if (closed_) return;
  socket_.async_wait(asio::posix::stream_descriptor::wait_read,
                     [self = shared_from_this()](const boost::system::error_code& ec) {
                       if (!ec && !self->closed_) self->read_ready();
                     });
}

void BoxConnection::read_ready() {
  handle_kept();
  for (;;) {
    Message message;
    std::string error;
    const Receive got = receive_message(socket(), message, error);
    if (got == Receive::would_block) break;
    // A closed or broken socket: the init has gone, and every program of
    // the box with it; the pidfds and pipes tell the rest.
    if (got != Receive::message) return;
    handle(message);
    if (closed_) return;
  }
  start_reading();
}

void BoxConnection::handle_kept() {
  while (!kept_.empty() && !closed_) {
    Message message = std::move(kept_.front());
    kept_.pop_front();
    handle(message);
  }
}

void BoxConnection::handle(const Message& message) {
  const json& body = message.body;
  if (body.value("type", "") != "exited") return;
  const auto found = children_.find(body.value("id", std::int64_t{-1}));
  if (found == children_.end()) return;
  auto state = found->second.lock();
  children_.erase(found);
  if (!state) return;
  try {
    state->report_exit(exit_info_from(body));
  } catch (const json::exception&) {
    // Not from our init: ignored, and the program ends with the box.
  }
}

void BoxConnection::close() {
  closed_ = true;
  kept_.clear();
  boost::system::error_code ignored;
  socket_.close(ignored);
}

}  // namespace ipcgrade::box
