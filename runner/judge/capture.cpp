#include "judge/capture.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace ipcgrade {

namespace {

// How much of stdin is fetched at a time for the comparison: large enough
// that fetching costs little, small enough that memory stays bounded.
constexpr std::size_t kStdinChunk = 64 * 1024;

std::string hex_byte(unsigned char c) {
  char buf[5];
  std::snprintf(buf, sizeof buf, "0x%02x", c);
  return buf;
}

std::string to_hex(const unsigned char* bytes, unsigned int size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(size * 2);
  for (unsigned int i = 0; i < size; ++i) {
    hex += kDigits[bytes[i] >> 4];
    hex += kDigits[bytes[i] & 0x0f];
  }
  return hex;
}

}  // namespace

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("OpenSSL could not compute a SHA-256 digest");
  return to_hex(digest, size);
}

void StreamCapture::ShaContextFree::operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }

StreamCapture::StreamCapture(std::size_t keep_limit, bool want_sha256, ByteSource compare_with)
    : keep_limit_(keep_limit), compare_with_(std::move(compare_with)) {
  if (!want_sha256) return;
  sha_.reset(EVP_MD_CTX_new());
  // Without a digest the sha256 matcher could not judge anything: a fault of
  // the runner, which the engine reports as `internal`.
  if (!sha_ || EVP_DigestInit_ex(sha_.get(), EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("OpenSSL could not start a SHA-256 digest");
}

StreamCapture::~StreamCapture() = default;
StreamCapture::StreamCapture(StreamCapture&&) noexcept = default;
StreamCapture& StreamCapture::operator=(StreamCapture&&) noexcept = default;

void StreamCapture::feed(std::string_view chunk) {
  // Output after the end of the stream would change facts already judged.
  if (finished_ || chunk.empty()) return;
  total_ += chunk.size();
  if (text_.size() < keep_limit_) text_.append(chunk.substr(0, keep_limit_ - text_.size()));
  if (sha_) EVP_DigestUpdate(sha_.get(), chunk.data(), chunk.size());
  compare_with_stdin(chunk);
}

void StreamCapture::finish() {
  if (finished_) return;
  finished_ = true;
  if (sha_) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_DigestFinal_ex(sha_.get(), digest, &size) == 1) sha256_hex_ = to_hex(digest, size);
    sha_.reset();
  }
  finish_stdin_comparison();
}

// Offsets in messages are 0-based, so "at byte N" also says that the first
// N bytes were equal.
void StreamCapture::compare_with_stdin(std::string_view chunk) {
  if (!compare_with_ || stdin_mismatch_) return;
  while (!chunk.empty()) {
    if (stdin_window_pos_ == stdin_window_.size() && !refill_stdin_window()) return;
    const std::size_t n = std::min(chunk.size(), stdin_window_.size() - stdin_window_pos_);
    const std::string_view want(stdin_window_.data() + stdin_window_pos_, n);
    const auto [seen_it, want_it] = std::mismatch(chunk.begin(), chunk.begin() + n, want.begin());
    if (seen_it != chunk.begin() + n) {
      const auto at = stdin_equal_ + static_cast<std::uint64_t>(seen_it - chunk.begin());
      stdin_mismatch_ = "differs from stdin at byte " + std::to_string(at) + " (stdin has " +
                        hex_byte(static_cast<unsigned char>(*want_it)) + ", output has " +
                        hex_byte(static_cast<unsigned char>(*seen_it)) + ")";
      std::string().swap(stdin_window_);
      return;
    }
    stdin_equal_ += n;
    stdin_window_pos_ += n;
    chunk.remove_prefix(n);
  }
}

bool StreamCapture::refill_stdin_window() {
  if (stdin_ended_) return false;
  stdin_window_ = compare_with_(kStdinChunk);
  stdin_window_pos_ = 0;
  if (stdin_window_.empty()) stdin_ended_ = true;
  return !stdin_ended_;
}

void StreamCapture::finish_stdin_comparison() {
  if (!compare_with_ || stdin_mismatch_) return;
  if (total_ > stdin_equal_) {
    // Every output byte is compared until stdin ends, so the rest is extra.
    stdin_mismatch_ = "output has " + std::to_string(total_ - stdin_equal_) +
                      " more bytes than stdin (" + std::to_string(stdin_equal_) + ")";
    return;
  }
  // Count what is left of stdin without keeping it.
  std::uint64_t stdin_total = stdin_equal_ + (stdin_window_.size() - stdin_window_pos_);
  while (refill_stdin_window()) stdin_total += stdin_window_.size();
  std::string().swap(stdin_window_);
  if (stdin_total > total_)
    stdin_mismatch_ = "output ended after " + std::to_string(total_) + " bytes; stdin has " +
                      std::to_string(stdin_total) + " bytes";
}

}  // namespace ipcgrade
