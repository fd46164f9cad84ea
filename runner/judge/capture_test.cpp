#include "judge/capture.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>

using ipcgrade::ByteSource;
using ipcgrade::StreamCapture;

namespace {

constexpr const char* kSha256Abc =
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

// Serves `data` in pieces of at most `piece` bytes, and records the largest
// request, so that a test can see what the capture asks for at a time.
struct StringSource {
  std::string data;
  std::size_t piece;
  std::size_t pos = 0;
  std::size_t* largest_request;

  std::string operator()(std::size_t max) {
    *largest_request = std::max(*largest_request, max);
    const std::size_t n = std::min({max, piece, data.size() - pos});
    std::string out = data.substr(pos, n);
    pos += n;
    return out;
  }
};

std::optional<std::string> compare(const std::string& stdin_bytes, const std::string& output,
                                   std::size_t source_piece = 4096, std::size_t feed_piece = 1000) {
  std::size_t largest = 0;
  StreamCapture capture(0, false, StringSource{stdin_bytes, source_piece, 0, &largest});
  for (std::size_t i = 0; i < output.size(); i += feed_piece)
    capture.feed(std::string_view(output).substr(i, feed_piece));
  capture.finish();
  return capture.stdin_mismatch();
}

}  // namespace

TEST_CASE("a capture keeps at most its limit and counts every byte", "[judge]") {
  StreamCapture capture(5);
  capture.feed("hel");
  CHECK(capture.complete());
  capture.feed("lo, world");
  capture.finish();
  CHECK(capture.text() == "hello");
  CHECK(capture.total_bytes() == 12);
  CHECK_FALSE(capture.complete());
  CHECK(capture.sha256_hex().empty());  // not asked for
  CHECK_FALSE(capture.compares_with_stdin());
}

TEST_CASE("a capture hashes every byte with SHA-256, in any chunking", "[judge]") {
  StreamCapture capture(0, true);
  capture.feed("a");
  capture.feed("");
  capture.feed("bc");
  capture.finish();
  CHECK(capture.sha256_hex() == kSha256Abc);
  CHECK(capture.text().empty());

  StreamCapture empty(0, true);
  empty.finish();
  CHECK(empty.sha256_hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(ipcgrade::sha256_hex("abc") == kSha256Abc);
}

TEST_CASE("a moved capture goes on hashing and comparing", "[judge]") {
  StreamCapture first(10, true);
  first.feed("a");
  StreamCapture second = std::move(first);
  second.feed("bc");
  second.finish();
  CHECK(second.sha256_hex() == kSha256Abc);
  CHECK(second.text() == "abc");
}

TEST_CASE("output equal to stdin has no mismatch", "[judge]") {
  const std::string bytes(100000, 'x');
  CHECK_FALSE(compare(bytes, bytes).has_value());
  CHECK_FALSE(compare("", "").has_value());
  CHECK_FALSE(compare(bytes, bytes, 7, 65536 * 3).has_value());
}

TEST_CASE("the first differing byte is named with both values", "[judge]") {
  const std::string in(100000, 'A');
  std::string out = in;
  out[70000] = 'B';
  out[80000] = 'C';
  CHECK(compare(in, out) == "differs from stdin at byte 70000 (stdin has 0x41, output has 0x42)");
  CHECK(compare("\n", "\r") == "differs from stdin at byte 0 (stdin has 0x0a, output has 0x0d)");
}

TEST_CASE("output shorter or longer than stdin says by how much", "[judge]") {
  const std::string in(4096, 'z');
  CHECK(compare(in, in.substr(0, 100)) == "output ended after 100 bytes; stdin has 4096 bytes");
  CHECK(compare(in, "") == "output ended after 0 bytes; stdin has 4096 bytes");
  CHECK(compare(in, in + std::string(10, 'z')) == "output has 10 more bytes than stdin (4096)");
  CHECK(compare("", "abc") == "output has 3 more bytes than stdin (0)");
}

TEST_CASE("comparing with stdin keeps memory bounded", "[judge]") {
  // 16 MiB of output fed in 1 MiB chunks: the capture asks stdin for one
  // small window at a time and keeps only what its limit allows.
  std::size_t largest = 0;
  const std::string chunk(1 << 20, 'q');
  StreamCapture capture(1024, true, StringSource{std::string(16 << 20, 'q'), 1 << 30, 0, &largest});
  for (int i = 0; i < 16; ++i) capture.feed(chunk);
  capture.finish();
  CHECK_FALSE(capture.stdin_mismatch().has_value());
  CHECK(capture.total_bytes() == (16u << 20));
  CHECK(capture.text().size() == 1024);
  CHECK(largest <= 64 * 1024);
}

TEST_CASE("bytes fed after finish are ignored", "[judge]") {
  StreamCapture capture(100, true);
  capture.feed("abc");
  capture.finish();
  capture.feed("more");
  capture.finish();
  CHECK(capture.total_bytes() == 3);
  CHECK(capture.sha256_hex() == kSha256Abc);
}
