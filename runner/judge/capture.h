// One output stream of one process, as the judge sees it. The engine feeds
// chunks as they arrive; the capture keeps at most `keep_limit` bytes, and
// computes what streamed matchers need (byte count, SHA-256, comparison
// with stdin) over every byte, so memory stays bounded whatever a program
// writes.
#pragma once

#include <openssl/evp.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ipcgrade {

// Produces the bytes a process was given on stdin, again, chunk by chunk,
// for `same_as: stdin`. Returns an empty string at the end.
using ByteSource = std::function<std::string(std::size_t max)>;

class StreamCapture {
 public:
  explicit StreamCapture(std::size_t keep_limit, bool want_sha256 = false,
                         ByteSource compare_with = {});
  ~StreamCapture();
  StreamCapture(StreamCapture&&) noexcept;
  StreamCapture& operator=(StreamCapture&&) noexcept;

  void feed(std::string_view chunk);
  // Ends the stream: finalises the hash and the stdin comparison.
  void finish();

  const std::string& text() const { return text_; }
  bool complete() const { return total_ == text_.size(); }
  std::uint64_t total_bytes() const { return total_; }
  const std::string& sha256_hex() const { return sha256_hex_; }
  // For same_as stdin: nullopt when equal, else what differed.
  const std::optional<std::string>& stdin_mismatch() const { return stdin_mismatch_; }
  // Whether the stream was compared with stdin at all (a ByteSource was given).
  bool compares_with_stdin() const { return static_cast<bool>(compare_with_); }

 private:
  struct ShaContextFree {
    void operator()(EVP_MD_CTX* ctx) const;
  };

  void compare_with_stdin(std::string_view chunk);
  bool refill_stdin_window();
  void finish_stdin_comparison();

  std::size_t keep_limit_;
  std::string text_;
  std::uint64_t total_ = 0;
  std::unique_ptr<EVP_MD_CTX, ShaContextFree> sha_;
  std::string sha256_hex_;
  ByteSource compare_with_;
  // Stdin bytes fetched but not yet compared: one chunk at most, so that
  // memory stays bounded whatever the sizes of stdin and the output.
  std::string stdin_window_;
  std::size_t stdin_window_pos_ = 0;
  std::uint64_t stdin_equal_ = 0;  // output bytes found equal to stdin so far
  bool stdin_ended_ = false;
  std::optional<std::string> stdin_mismatch_;
  bool finished_ = false;
};

// The lower-case hex SHA-256 of bytes, as StreamCapture computes it.
std::string sha256_hex(std::string_view bytes);

}  // namespace ipcgrade
