#include "exec/stdin_source.h"

#include <cstring>

namespace ipcgrade::exec {

namespace {

class TextSource final : public StdinSource {
 public:
  explicit TextSource(std::string text) : text_(std::move(text)) {}
  std::string next(std::size_t max) override {
    std::string chunk = text_.substr(pos_, max);
    pos_ += chunk.size();
    return chunk;
  }

 private:
  std::string text_;
  std::size_t pos_ = 0;
};

class FileSource final : public StdinSource {
 public:
  explicit FileSource(std::ifstream in) : in_(std::move(in)) {}
  std::string next(std::size_t max) override {
    std::string chunk(max, '\0');
    in_.read(chunk.data(), static_cast<std::streamsize>(max));
    chunk.resize(static_cast<std::size_t>(in_.gcount()));
    return chunk;
  }

 private:
  std::ifstream in_;
};

// splitmix64: small, fast and the same on every machine, so a seed names
// one input for good.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

 private:
  std::uint64_t state_;
};

// Every byte value, NUL included, in a stream fixed by the seed.
class ByteSource final : public StdinSource {
 public:
  ByteSource(std::uint64_t total, std::uint64_t seed) : left_(total), random_(seed) {}
  std::string next(std::size_t max) override {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(max, left_));
    std::string chunk(n, '\0');
    for (std::size_t i = 0; i < n; i += 8) {
      const std::uint64_t r = random_.next();
      std::memcpy(chunk.data() + i, &r, std::min<std::size_t>(8, n - i));
    }
    left_ -= n;
    return chunk;
  }

 private:
  std::uint64_t left_;
  Random random_;
};

// Printable lines of `width` characters, each ending in '\n'.
class LineSource final : public StdinSource {
 public:
  LineSource(std::uint64_t lines, std::uint64_t width, std::uint64_t seed)
      : lines_(lines), width_(width), random_(seed) {}
  std::string next(std::size_t max) override {
    std::string chunk;
    while (chunk.size() < max && (pos_ < line_.size() || refill())) {
      const std::size_t n = std::min(max - chunk.size(), line_.size() - pos_);
      chunk.append(line_, pos_, n);
      pos_ += n;
    }
    return chunk;
  }

 private:
  bool refill() {
    static constexpr char kAlphabet[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-";
    if (lines_ == 0) return false;
    --lines_;
    line_.clear();
    for (std::uint64_t i = 0; i < width_; ++i)
      line_ += kAlphabet[random_.next() % (sizeof kAlphabet - 1)];
    line_ += '\n';
    pos_ = 0;
    return true;
  }

  std::uint64_t lines_;
  std::uint64_t width_;
  Random random_;
  std::string line_;
  std::size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<StdinSource> make_stdin_source(const spec::StdinSpec& stdin_spec,
                                               const std::string& text, std::string& error) {
  using Kind = spec::StdinSpec::Kind;
  switch (stdin_spec.kind) {
    case Kind::file: {
      std::ifstream in(stdin_spec.file, std::ios::binary);
      if (!in) {
        error = "cannot read stdin file " + stdin_spec.file.string();
        return nullptr;
      }
      return std::make_unique<FileSource>(std::move(in));
    }
    case Kind::generate_bytes:
      return std::make_unique<ByteSource>(stdin_spec.bytes, stdin_spec.seed);
    case Kind::generate_lines:
      return std::make_unique<LineSource>(stdin_spec.lines, stdin_spec.width, stdin_spec.seed);
    case Kind::text:
      return std::make_unique<TextSource>(text);
    case Kind::none:
    case Kind::script:
      break;
  }
  return std::make_unique<TextSource>("");
}

}  // namespace ipcgrade::exec
