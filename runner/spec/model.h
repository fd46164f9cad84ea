// The suite model: plain structs that the loader fills from YAML and the
// rest of the runner reads. No yaml-cpp type appears here, so that every
// later stage can be tested by building these structs by hand.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ipcgrade::spec {

using Duration = std::chrono::milliseconds;

// Where a value came from, 1-based, for messages that point at the suite.
struct SourcePos {
  std::string file;
  int line = 0;
  int col = 0;
};

enum class Visibility { visible, hidden, after_due_date, after_published };

// What may be left behind after a test (spec-format.md, "Tests").
enum class LeakKind {
  sysv_shm, sysv_msg, sysv_sem, posix_shm, posix_sem, posix_mq, fifo, socket, process, zombie
};

struct LeakPolicy {
  enum class Mode { forbid, allow, allow_some };
  Mode mode = Mode::forbid;
  std::vector<LeakKind> allowed;  // with allow_some
};

// Resource limits of every process of a test. Unset means "not limited by
// the suite"; the runner still applies its own defaults (see defaults.h).
struct Limits {
  std::optional<Duration> cpu;
  std::optional<std::uint64_t> memory;      // bytes of address space
  std::optional<std::uint64_t> processes;   // RLIMIT_NPROC under a slot uid
  std::optional<std::uint64_t> output;      // bytes per stream
  std::optional<std::uint64_t> file_size;   // bytes
  std::optional<std::uint64_t> open_files;  // descriptors
};

// Normalisations applied to both sides of a matcher (bit flags).
enum Normalize : unsigned {
  kNormalizeNone = 0,
  kTrailingSpace = 1u << 0,
  kBlankLines = 1u << 1,
  kCase = 1u << 2,
  kFinalNewline = 1u << 3,
  kCrlf = 1u << 4,
};

// One expected line: an exact line, or a regex that must match the whole line.
struct LineSpec {
  std::string text;
  bool is_regex = false;
};

struct Matcher {
  enum class Kind {
    equals,           // text; also what a plain string means
    contains,         // texts
    not_contains,     // texts
    matches,          // text is an RE2 regex
    lines,            // lines
    unordered_lines,  // lines
    in_order,         // lines
    line_count,       // count
    empty,            // (no operand)
    numbers,          // numbers, tolerance, relative
    same_as_stdin,    // streamed against the process's stdin
    same_as_reference,
    sha256,           // text is lower-case hex
    bytes,            // count
  };
  Kind kind = Kind::equals;
  std::string text;
  std::vector<std::string> texts;
  std::vector<LineSpec> lines;
  std::int64_t count = 0;
  std::vector<double> numbers;
  double tolerance = 1e-6;
  bool relative = false;
  unsigned normalize = kNormalizeNone;
  SourcePos pos;
};

struct ExitExpect {
  enum class Kind { codes, nonzero, any, signal };
  Kind kind = Kind::codes;
  std::vector<int> codes{0};
  int signal = 0;  // with Kind::signal
};

// A condition for start, signals and stdin's wait_for (spec-format.md).
struct Condition {
  enum class Kind { stdout_self, stdout_of, exists, listening, exited, captured };
  Kind kind = Kind::stdout_self;
  std::string process;  // stdout_of, exited
  std::string regex;    // stdout_self, stdout_of
  std::string path;     // exists
  std::string address;  // listening: "tcp:8080", "udp:8080", "unix:PATH"
  std::string var;      // captured
  SourcePos pos;
};

struct StartSpec {
  std::optional<Duration> after;
  std::optional<std::string> after_exit;
  std::optional<Condition> when;
};

struct SignalSpec {
  enum class Timing { at, after, when };
  int signo = 0;
  Timing timing = Timing::at;
  Duration delay{0};  // at, after
  std::optional<Condition> when;
  bool to_group = false;
  SourcePos pos;
};

struct StdinStep {
  enum class Kind { write, wait, wait_for, close };
  Kind kind = Kind::write;
  std::string data;
  Duration wait{0};
  std::optional<Condition> cond;
};

struct StdinSpec {
  enum class Kind { none, text, file, generate_bytes, generate_lines, script };
  Kind kind = Kind::none;
  std::string text;                 // text
  std::filesystem::path file;       // file, resolved against the suite directory
  std::uint64_t bytes = 0;          // generate_bytes
  std::uint64_t lines = 0;          // generate_lines
  std::uint64_t width = 80;         // generate_lines
  std::uint64_t seed = 0;           // generate_*
  std::vector<StdinStep> script;    // script
};

struct Capture {
  std::string var;
  std::string regex;  // exactly one capturing group
};

struct CpuSpec {
  std::optional<Duration> max;
  std::optional<double> max_ratio;
};

struct DurationSpec {
  std::optional<Duration> min;
  std::optional<Duration> max;
};

// `uses` / `not_uses`: mechanism names and kernel system-call counts.
struct Uses {
  std::vector<std::string> mechanisms;
  std::map<std::string, std::string> calls;  // "msgsnd" -> ">=1"
  bool empty() const { return mechanisms.empty() && calls.empty(); }
};

struct ProcessSpec {
  std::string id;
  std::vector<std::string> run;  // argv as written; variables not yet expanded
  bool from_reference = false;
  StdinSpec stdin_spec;
  std::map<std::string, std::string> env;
  bool tty = false;
  StartSpec start;
  std::vector<SignalSpec> signals;
  std::vector<Capture> captures;
  std::optional<Duration> timeout;
  DurationSpec duration;
  std::vector<Matcher> stdout_matchers;
  std::vector<Matcher> stderr_matchers;
  ExitExpect exit;
  CpuSpec cpu;
  Uses uses;
  Uses not_uses;
  SourcePos pos;
};

struct FileSpec {
  std::string name;
  std::string content;
  unsigned mode = 0644;
  bool fifo = false;
};

struct TestSpec {
  std::string name;
  double points = 1;
  Visibility visibility = Visibility::visible;
  std::vector<std::string> tags;
  std::string hint;
  std::optional<Duration> timeout;
  int repeat = 1;
  std::vector<FileSpec> files;
  bool sequential = true;  // `steps` (true) or `processes` (false)
  std::vector<ProcessSpec> processes;  // in file order
  std::optional<LeakPolicy> leaks;     // unset: the suite's default
  std::vector<std::string> variables;  // every ${name} its strings use
  SourcePos pos;
};

struct Defaults {
  Duration timeout{5000};
  Duration kill_grace{200};
  Limits limits;
  LeakPolicy leaks;
};

struct ProgramSpec {
  std::string name;
  Uses uses;
  Uses not_uses;
};

struct Suite {
  std::string id;
  std::string title;
  std::filesystem::path file;  // the suite.yaml
  std::filesystem::path dir;   // its folder
  std::vector<ProgramSpec> programs;
  std::vector<std::string> helpers;
  std::string build = "auto";
  Defaults defaults;
  std::vector<TestSpec> tests;
};

}  // namespace ipcgrade::spec
