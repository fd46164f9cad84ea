#include "app/session.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <chrono>
#include <csignal>
#include <atomic>
#include <deque>
#include <fstream>
#include <mutex>
#include <re2/re2.h>
#include <thread>
#include <fmt/format.h>

#include "app/shell_quote.h"
#include "box/box.h"
#include "box/slots.h"
#include "exec/build.h"
#include "exec/scenario.h"
#include "app/judge_run.h"
#include "app/test_cgroup.h"
#include "spec/variables.h"

namespace ipcgrade {

namespace fs = std::filesystem;
namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

std::int64_t ms_since(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

std::string free_tcp_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  if (fd >= 0) ::close(fd);
  return std::to_string(port);
}

std::optional<fs::path> find_on_path(const std::string& name) {
  if (name.find('/') != std::string::npos) return fs::path(name);
  for (const char* dir : {"/usr/local/bin", "/usr/bin", "/bin"}) {
    fs::path candidate = fs::path(dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return std::nullopt;
}

// Reference and helper binaries: the slot uid may run them, not read them
// (decisions.md 1), so a student program cannot copy the solution. Not as
// root the programs run as the runner's own user, the owner: the owner
// bits are then execute-only too, and a box binds the folder read-only so
// that no program can chmod them back (box_mounts.cpp).
void make_execute_only(const exec::BuildResult& build, const fs::path& dir) {
  const bool root = ::geteuid() == 0;
  ::chmod(dir.c_str(), 0711);
  for (const auto& [name, program] : build.programs)
    if (!program.exe.empty()) ::chmod(program.exe.c_str(), root ? 0711 : 0111);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && ::access(entry.path().c_str(), X_OK) != 0)
      ::chmod(entry.path().c_str(), root ? 0600 : 0);
}

// The name as a regex that matches just itself; unlike RE2::QuoteMeta it
// leaves spaces and letters alone, so the reproduce line stays readable.
std::string regex_quote(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

void empty_directory(const fs::path& dir, std::error_code& ec) {
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    fs::remove_all(entry.path(), ec);
    if (ec) return;
  }
}

// Variables whose values are paths of the runner, not names a test gives
// its objects.
bool is_path_variable(const std::string& name) {
  return name == "scratch" || name == "submission_dir" || name == "suite_dir" ||
         name == "reference_dir";
}

// What the runner knows of a run, to tell the test's objects and
// processes from the machine's where there is no box (decisions.md 5):
// the words of its commands, environment, stdin and files, its variables,
// and the pids of its programs.
box::Footprint footprint_of(const spec::TestSpec& test, const exec::ScenarioResult& result) {
  box::Footprint footprint;
  auto add = [&](const std::string& text) {
    if (!text.empty()) footprint.words.push_back(spec::expand(text, result.vars, nullptr));
  };
  for (const auto& process : test.processes) {
    for (const auto& word : process.run) add(word);
    for (const auto& [name, value] : process.env) add(value);
    add(process.stdin_spec.text);
    for (const auto& step : process.stdin_spec.script) add(step.data);
  }
  for (const auto& file : test.files) {
    add(file.name);
    add(file.content);
  }
  for (const auto& [name, value] : result.vars)
    if (!is_path_variable(name)) add(value);
  for (const auto& seen : result.processes)
    if (seen.pid > 0) footprint.pids.push_back(seen.pid);
  return footprint;
}

// The builds the test runs, brought back into a box whose /tmp is its own
// (where the box has that setting).
template <class Config>
void show_in_box(Config& config, const std::vector<fs::path>& dirs) {
  if constexpr (requires { config.visible; }) config.visible = dirs;
}

// `exists` and `listening` conditions look through the box (where the
// scenario has that setting).
template <class Environment>
void reach_through(Environment& env, const box::TestBox& test_box) {
  if constexpr (requires { env.root; }) {
    env.root = test_box.root();
    env.proc_net = test_box.proc_net();
  }
}

// A file by device and inode.
using FileId = std::pair<std::uint64_t, std::uint64_t>;

// What the test's `files` made in the scratch directory: the baseline,
// never a leftover (spec-format.md), whichever box lists it.
std::set<FileId> scratch_baseline(const spec::TestSpec& test, const fs::path& scratch) {
  std::set<FileId> files;
  for (const auto& file : test.files) {
    struct stat st;
    if (::lstat((scratch / file.name).c_str(), &st) == 0)
      files.insert({static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)});
  }
  return files;
}

// "posix_mq: REASON" from a box, as the report's unchecked entry; a line
// that names no leftover kind is about leftovers as a whole.
Unchecked unchecked_of(const std::string& line) {
  static const std::set<std::string> kinds = {"sysv_shm",  "sysv_msg", "sysv_sem", "posix_shm",
                                              "posix_sem", "posix_mq", "fifo",     "socket",
                                              "process",   "zombie"};
  const auto colon = line.find(": ");
  if (colon == std::string::npos || !kinds.count(line.substr(0, colon))) return {"leaks", line};
  return {fmt::format("leaks of kind {}", line.substr(0, colon)), line.substr(colon + 2)};
}

struct SuiteBuilds {
  std::optional<exec::BuildResult> student;
  std::optional<exec::BuildResult> reference;
  fs::path student_dir;
  fs::path reference_dir;
  // The test that showed each build failure in full, by program.
  std::map<std::string, std::string> build_failure_shown_in;
};

}  // namespace

fs::path reference_dir_of(const spec::Suite& suite) {
  if (fs::is_directory(suite.dir / "reference")) return suite.dir / "reference";
  return suite.dir.parent_path().parent_path() / "reference" / suite.id;
}

struct Session::Impl {
  Impl(SessionOptions o, ConsoleReporter* c)
      : options(std::move(o)), console(c), launcher(exec::make_process_launcher(io)),
        isolation(box::make_isolation(options.allow_namespaces)),
        signals(io, SIGINT, SIGTERM) {
    signals.async_wait([this](boost::system::error_code ec, int signo) {
      if (ec) return;
      interrupted = true;
      interrupted_by = signo;
      stop_all = true;
      // Each slot's scenario polls its own flag, on its own thread.
      for (auto& slot : slots)
        if (slot.own_io) asio::post(*slot.own_io, [&slot] { slot.interrupted = true; });
        else slot.interrupted = true;
    });
    open_slots();
  }

  bool reference_mode() const { return !options.submission; }
  std::string submission_label() const {
    return options.submission ? options.submission->string() : "reference";
  }

  // Where one test runs at a time (decisions.md 1): its own uid, scratch
  // directory and, in parallel, event loop and thread. Slot 0 runs on the
  // session's own loop, which also hears SIGINT and SIGTERM.
  struct Slot {
    box::SlotClaim claim;
    std::unique_ptr<asio::io_context> own_io;  // unset for slot 0
    asio::io_context* io = nullptr;
    std::optional<uid_t> uid;
    std::optional<gid_t> gid;
    fs::path scratch;
    bool interrupted = false;  // what its scenarios poll
    std::vector<ProcessMechanisms> last_mechanisms;  // of its latest run
  };
  void open_slots();
  void run_tests(const spec::Suite& suite, std::size_t index, SuiteBuilds& builds,
                 const std::vector<std::size_t>& chosen, SuiteResult& result);

  void make_run_dir();
  SuiteBuilds build_suite(const spec::Suite& suite, std::size_t index);
  exec::BuildResult build_student(const spec::Suite& suite, const exec::BuildRequest& request);
  SuiteResult run_suite(const spec::Suite& suite, std::size_t index);
  TestResult run_test(Slot& slot, const spec::Suite& suite, const spec::TestSpec& test,
                      const SuiteBuilds& builds, std::optional<std::vector<Failure>> build_problems,
                      const std::string& scratch_prefix);
  std::vector<Failure> run_once(Slot& slot, const spec::Suite& suite, const spec::TestSpec& test,
                                const SuiteBuilds& builds);
  struct BoxedRun {
    exec::ScenarioResult result;
    box::Leftovers leftovers;
    std::optional<Failure> error;  // the box could not be opened
    LimitsHit limits;              // what the run's cgroup saw
  };
  BoxedRun run_boxed(Slot& slot, const spec::Suite& suite, const spec::TestSpec& test,
                     const SuiteBuilds& builds, exec::TestEnvironment env);
  void note_unchecked(const std::vector<std::string>& lines);
  void note_mechanisms(Slot& slot, const exec::ScenarioResult& result);
  void notice(const std::string& text);
  exec::TestEnvironment environment(const Slot& slot, const spec::Suite& suite,
                                    const spec::TestSpec& test, const SuiteBuilds& builds);
  bool student_runs(const spec::Suite& suite, const spec::TestSpec& test) const;
  std::optional<std::vector<Failure>> build_failures(const spec::Suite& suite,
                                                    const spec::TestSpec& test,
                                                    SuiteBuilds& builds);
  exec::ResolvedProgram resolve(const spec::Suite& suite, const SuiteBuilds& builds,
                                const std::string& name, bool from_reference) const;
  std::string reproduce(const spec::Suite& suite, const spec::TestSpec& test) const;
  void keep_scratch(const fs::path& scratch, const std::string& name, const spec::TestSpec& test);
  bool make_scratch(const Slot& slot, const spec::TestSpec& test,
                    const std::map<std::string, std::string>& vars, std::vector<Failure>& out);

  SessionOptions options;
  ConsoleReporter* console;
  asio::io_context io;
  std::unique_ptr<exec::Launcher> launcher;  // for builds; tests launch in their box
  std::unique_ptr<box::Isolation> isolation;
  std::vector<Unchecked> unchecked;  // said once each, for the report
  asio::signal_set signals;
  bool interrupted = false;
  int interrupted_by = 0;
  std::atomic<bool> stop_all = false;  // `interrupted`, for the slots' threads
  std::deque<Slot> slots;  // [0] builds and runs tests alone; all of them in parallel
  fs::path run_dir;
  std::atomic<std::uint64_t> counter = 0;
  struct ReferenceRun {
    std::vector<Failure> failures;
    ReferenceOutputs outputs;
  };
  std::map<std::string, ReferenceRun> reference_runs;  // by test name, for same_as: reference
  // Guards what the slots' threads share: reference_runs, unchecked and
  // the console.
  std::mutex shared;
};

// As many slots as -j asks (default: the cores) and the isolation allows;
// one without a box (decisions.md 5). Each is claimed machine-wide, so
// that two runners never share a slot uid.
void Session::Impl::open_slots() {
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const int wanted = std::clamp(options.jobs > 0 ? options.jobs : cores, 1,
                                std::max(1, isolation->max_parallel()));
  for (auto& claim : box::SlotClaim::claim(wanted)) {
    Slot& slot = slots.emplace_back(Slot{std::move(claim)});
    slot.uid = slot.claim.uid();
    slot.gid = slot.claim.gid();
    if (slots.size() == 1) {
      slot.io = &io;
    } else {
      slot.own_io = std::make_unique<asio::io_context>();
      slot.io = slot.own_io.get();
    }
  }
}

void Session::Impl::make_run_dir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/ipcgrade-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr)
    throw std::runtime_error("cannot create a work directory under " + pattern + ": " +
                             std::strerror(errno));
  run_dir = pattern;
  // The slot uid must reach its scratch directories through this one.
  ::chmod(run_dir.c_str(), 0711);
  // and, without a box to bring them in, through every directory above.
  if (isolation->name() == "none" && slots.front().uid)
    for (fs::path dir = run_dir.parent_path();; dir = dir.parent_path()) {
      struct stat st {};
      if (::stat(dir.c_str(), &st) == 0 && (st.st_mode & S_IXOTH) == 0)
        throw std::runtime_error(fmt::format(
            "programs run as uid {} cannot reach the work directory {}: {} is mode {:04o}; "
            "set TMPDIR to a directory that everyone may pass through, such as /tmp",
            *slots.front().uid, run_dir.string(), dir.string(), st.st_mode & 07777));
      if (dir == dir.root_path()) break;
    }
  for (std::size_t n = 0; n < slots.size(); ++n)
    slots[n].scratch = run_dir / (n == 0 ? std::string("scratch") : fmt::format("scratch-{}", n));
}

SuiteBuilds Session::Impl::build_suite(const spec::Suite& suite, std::size_t index) {
  SuiteBuilds builds;
  std::vector<std::string> programs;
  for (const auto& p : suite.programs) programs.push_back(p.name);

  exec::BuildRequest ref;
  ref.source_dir = reference_dir_of(suite);
  ref.work_dir = run_dir / fmt::format("reference-{}", index);
  ref.programs = programs;
  ref.programs.insert(ref.programs.end(), suite.helpers.begin(), suite.helpers.end());
  const fs::path reference_root = ref.source_dir.parent_path();
  ref.fallback_dirs = {reference_root / "helpers"};
  if (fs::exists(reference_root / "common" / "nodump.c"))
    ref.extra_sources = {reference_root / "common" / "nodump.c"};
  builds.reference = exec::build_programs(*launcher, io, ref);
  builds.reference_dir = ref.work_dir;
  make_execute_only(*builds.reference, ref.work_dir);

  if (!reference_mode()) {
    exec::BuildRequest student;
    student.source_dir = *options.submission;
    student.work_dir = run_dir / fmt::format("submission-{}", index);
    student.programs = programs;
    student.uid = slots.front().uid;
    student.gid = slots.front().gid;
    // A Makefile is student code run under the slot uid, in a box as a
    // test is: a box without namespaces holds the slot's lock itself.
    builds.student = build_student(suite, student);
    builds.student_dir = student.work_dir;
  }
  return builds;
}

// A Makefile is student code (issue 4): the build runs in a box of its own,
// as a test does, which hides the suite and the reference and takes down
// whatever the build started or left before the tests run. The sources are
// copied first, so that the box can bring the copy in.
exec::BuildResult Session::Impl::build_student(const spec::Suite& suite,
                                               const exec::BuildRequest& request) {
  if (auto error = exec::copy_sources(request)) return exec::failed_build(request, *error);
  box::BoxConfig config;
  config.slot = slots.front().claim.number();
  config.uid = request.uid;
  config.gid = request.gid;
  config.scratch = request.work_dir;
  config.hidden = {suite.dir, reference_dir_of(suite)};
  std::string error;
  const auto build_box = isolation->open(io, config, error);
  if (!build_box) return exec::failed_build(request, "cannot make the build's box: " + error);
  exec::BuildResult result = exec::build_copied(build_box->launcher(), io, request);
  (void)build_box->collect(box::Footprint{});  // what the build left is removed, not judged
  return result;
}

exec::ResolvedProgram Session::Impl::resolve(const spec::Suite& suite, const SuiteBuilds& builds,
                                             const std::string& name,
                                             bool from_reference) const {
  exec::ResolvedProgram out;
  const bool is_program = std::any_of(suite.programs.begin(), suite.programs.end(),
                                      [&](const auto& p) { return p.name == name; });
  const bool is_helper =
      std::find(suite.helpers.begin(), suite.helpers.end(), name) != suite.helpers.end();
  if (is_program || is_helper) {
    const bool use_reference = from_reference || is_helper || reference_mode();
    const exec::BuildResult& build = use_reference ? *builds.reference : *builds.student;
    const exec::ProgramBuild& program = build.programs.at(name);
    if (program.error) {
      out.error = use_reference ? fmt::format("the reference {} did not build: {}", name,
                                              *program.error)
                                : *program.error;
      out.error_kind = use_reference ? FailureKind::reference : FailureKind::build;
    } else {
      out.exe = program.exe;
    }
    return out;
  }
  if (auto found = find_on_path(name))
    out.exe = *found;
  else
    out.error = fmt::format("{} is not a program of this suite nor a command on PATH", name);
  return out;
}

std::string Session::Impl::reproduce(const spec::Suite& suite,
                                     const spec::TestSpec& test) const {
  std::string line = options.program_name + " run " + shell_quote(fs::proximate(suite.dir).string());
  line += options.submission ? " --submission " + shell_quote(options.submission->string())
                             : std::string(" --reference");
  line += " --filter " + shell_quote("^" + regex_quote(test.name) + "$");
  return line;
}

// A test whose programs did not build is not run: one clear build failure
// per program instead of a cascade (decisions.md 14). The compiler's
// messages appear in full once, in the first test that needs the program.
std::optional<std::vector<Failure>> Session::Impl::build_failures(const spec::Suite& suite,
                                                                 const spec::TestSpec& test,
                                                                 SuiteBuilds& builds) {
  std::vector<Failure> failures;
  std::set<std::string> seen;
  for (const auto& process : test.processes) {
    const std::string& name = process.run.front();
    auto resolved = resolve(suite, builds, name, process.from_reference);
    if (!resolved.error || !seen.insert(name).second) continue;
    if (resolved.error_kind != FailureKind::build && resolved.error_kind != FailureKind::reference)
      continue;
    auto [it, first] = builds.build_failure_shown_in.emplace(name, test.name);
    std::string message = first ? *resolved.error
                                : fmt::format("{} did not build (the messages are shown in "
                                              "the test '{}')", name, it->second);
    failures.push_back({resolved.error_kind, process.id, message, ""});
  }
  if (failures.empty()) return std::nullopt;
  return failures;
}

// The scratch directory is made once and emptied between tests: an empty
// directory is all a test needs, and mkdir/rmdir per test cost more than
// the program under test on a slow disk (bench/RESULTS.md).
bool Session::Impl::make_scratch(const Slot& slot, const spec::TestSpec& test,
                                 const std::map<std::string, std::string>& vars,
                                 std::vector<Failure>& out) {
  const fs::path& scratch = slot.scratch;
  const auto& uid = slot.uid;
  const auto& gid = slot.gid;
  std::error_code ec;
  if (!fs::create_directory(scratch, ec) && !ec) empty_directory(scratch, ec);
  if (ec) {
    out.push_back({FailureKind::internal, "", "cannot prepare " + scratch.string() + ": " +
                   ec.message(), ""});
    return false;
  }
  ::chmod(scratch.c_str(), 0700);
  for (const auto& file : test.files) {
    const fs::path path = scratch / file.name;
    if (file.fifo) {
      if (::mkfifo(path.c_str(), file.mode) != 0)
        out.push_back({FailureKind::internal, "", "cannot create the FIFO " + file.name, ""});
    } else {
      std::string missing;
      const std::string content = spec::expand(file.content, vars, &missing);
      if (!missing.empty())
        out.push_back({FailureKind::spec, "",
                       fmt::format("variable '${{{}}}' has no value in this run", missing), ""});
      std::ofstream(path, std::ios::binary) << content;
      ::chmod(path.c_str(), file.mode);
    }
    if (uid) (void)::lchown(path.c_str(), *uid, *gid);
  }
  if (uid) (void)::chown(scratch.c_str(), *uid, *gid);
  return out.empty();
}

exec::TestEnvironment Session::Impl::environment(const Slot& slot, const spec::Suite& suite,
                                                 const spec::TestSpec& test,
                                                 const SuiteBuilds& builds) {
  const fs::path& scratch = slot.scratch;
  const std::uint64_t counter = ++this->counter;
  const bool uses_port =
      std::find(test.variables.begin(), test.variables.end(), "port") != test.variables.end();
  exec::TestEnvironment env;
  env.scratch = scratch;
  env.uid = slot.uid;
  env.gid = slot.gid;
  env.processes_apart = isolation->counts_processes_apart();
  env.time_scale = options.time_scale;
  env.vars = {
      {"scratch", scratch.string()},
      {"test", fmt::format("ipcg{}_{}", ::getpid(), counter)},
      {"key", std::to_string(((::getpid() & 0xffff) << 14 | (counter & 0x3fff)) + 1)},
      {"port", uses_port ? free_tcp_port() : ""},
      {"submission_dir", (reference_mode() ? builds.reference_dir : builds.student_dir).string()},
      {"suite_dir", suite.dir.string()},
      {"reference_dir", reference_dir_of(suite).string()},
  };
  env.resolve = [this, &suite, &builds](const std::string& name, bool from_reference) {
    return resolve(suite, builds, name, from_reference);
  };
  return env;
}

// Whether a program from the student's build runs in the test.
bool Session::Impl::student_runs(const spec::Suite& suite, const spec::TestSpec& test) const {
  if (reference_mode()) return false;
  return std::any_of(test.processes.begin(), test.processes.end(), [&](const auto& process) {
    return !process.from_reference &&
           std::any_of(suite.programs.begin(), suite.programs.end(),
                       [&](const auto& p) { return p.name == process.run.front(); });
  });
}

std::vector<Failure> Session::Impl::run_once(Slot& slot, const spec::Suite& suite,
                                             const spec::TestSpec& test,
                                             const SuiteBuilds& builds) {
  RunJudgement how;
  how.student_ran = student_runs(suite, test);
  if (compares_with_reference(test)) {
    // The reference's output, once per test and run of ipcgrade; if the
    // reference itself fails the test, nothing can be compared.
    // Only this slot runs this test, so the entry is its own once made.
    auto [it, fresh] = [&] {
      std::lock_guard lock(shared);
      return reference_runs.try_emplace(suite.id + "/" + test.name);
    }();
    if (fresh) {
      exec::TestEnvironment env = environment(slot, suite, test, builds);
      env.all_reference = true;
      std::vector<Failure> failures;
      if (!make_scratch(slot, test, env.vars, failures)) return failures;
      // Its leftovers are the reference's: they fail it like any failure.
      const BoxedRun run = run_boxed(slot, suite, test, builds, env);
      if (run.error) return {*run.error};
      it->second.failures =
          explain_limits(judge_run(suite, test, run.result, {true, nullptr, true, &run.leftovers}),
                         run.limits, run.result.processes, false);
      it->second.outputs = outputs_of(run.result);
    }
    if (!it->second.failures.empty()) {
      std::vector<Failure> failures;
      for (const auto& f : it->second.failures)
        failures.push_back({FailureKind::reference, f.process,
                            "the reference build failed this test, so there is no output to "
                            "compare with: " + f.message, f.diff});
      return failures;
    }
    how.reference = &it->second.outputs;
  }
  exec::TestEnvironment env = environment(slot, suite, test, builds);
  std::vector<Failure> failures;
  if (!make_scratch(slot, test, env.vars, failures)) return failures;
  const BoxedRun run = run_boxed(slot, suite, test, builds, env);
  if (run.error) return {*run.error};
  how.leftovers = &run.leftovers;
  return explain_limits(judge_run(suite, test, run.result, how), run.limits, run.result.processes,
                        how.student_ran);
}

// One run in a fresh box, opened once the scratch files are written (they
// are the baseline, never leftovers). What the run left is collected
// before the box goes, so that nothing of it outlives the run.
Session::Impl::BoxedRun Session::Impl::run_boxed(Slot& slot, const spec::Suite& suite,
                                                 const spec::TestSpec& test,
                                                 const SuiteBuilds& builds,
                                                 exec::TestEnvironment env) {
  BoxedRun run;
  box::BoxConfig config;
  config.slot = slot.claim.number();
  config.uid = slot.uid;
  config.gid = slot.gid;
  config.scratch = env.scratch;
  config.hidden = {suite.dir, reference_dir_of(suite)};
  const std::set<FileId> baseline = scratch_baseline(test, env.scratch);
  std::vector<fs::path> build_dirs = {builds.reference_dir};
  if (!builds.student_dir.empty()) build_dirs.push_back(builds.student_dir);
  show_in_box(config, build_dirs);
  std::string error;
  const auto cgroup = open_test_cgroup(suite, error);
  if (cgroup) {
    config.cgroup_procs = cgroup->procs_files();
    env.memory_in_cgroup = cgroup->holds_memory();
    env.processes_in_cgroup = cgroup->holds_processes();
  } else if (!error.empty()) {
    // Without it the rlimits hold, as on a machine without cgroups.
    notice("the test's cgroup could not be made: " + error);
    error.clear();
  }
  const auto test_box = isolation->open(*slot.io, config, error);
  if (!test_box) {
    run.error = Failure{FailureKind::internal, "", "cannot make the test's box: " + error, ""};
    return run;
  }
  reach_through(env, *test_box);
  run.result =
      exec::run_scenario(*slot.io, test_box->launcher(), suite, test, env, slot.interrupted);
  note_mechanisms(slot, run.result);
  run.leftovers = test_box->collect(footprint_of(test, run.result));
  std::erase_if(run.leftovers.objects, [&](const observe::IpcObject& object) {
    return baseline.count({object.device, object.inode}) > 0;
  });
  note_unchecked(run.leftovers.unchecked);
  run.limits = limits_hit(cgroup.get());
  if (run.result.processes_limit_reached && !run.limits.processes) {
    run.limits.processes = true;  // held by RLIMIT_NPROC, no pids cgroup
    run.limits.processes_limit = *run.result.processes_limit_reached;
  }
  return run;
}

// What each process was seen to use, for the report; where evidence was
// asked for and could not be recorded, the reason, once (decisions.md 13).
void Session::Impl::note_mechanisms(Slot& slot, const exec::ScenarioResult& result) {
  slot.last_mechanisms.clear();
  for (const auto& seen : result.processes) {
    const std::string& why = seen.evidence.unavailable;
    if (!why.empty()) {
      std::lock_guard lock(shared);
      if (std::none_of(unchecked.begin(), unchecked.end(),
                       [](const Unchecked& u) { return u.check == "mechanism evidence"; })) {
        if (console) console->notice("cannot check mechanism evidence: " + why);
        unchecked.push_back({"mechanism evidence", why});
      }
    }
    if (!seen.evidence.recorded) continue;
    slot.last_mechanisms.push_back({seen.id, seen.evidence.mechanisms, seen.evidence.calls,
                               seen.evidence.notes});
  }
}

void Session::Impl::notice(const std::string& text) {
  std::lock_guard lock(shared);
  if (console) console->notice(text);
}

void Session::Impl::note_unchecked(const std::vector<std::string>& lines) {
  std::lock_guard lock(shared);
  for (const auto& line : lines) {
    Unchecked entry = unchecked_of(line);
    if (std::any_of(unchecked.begin(), unchecked.end(),
                    [&](const Unchecked& u) { return u.check == entry.check; }))
      continue;
    if (console) console->notice("cannot check " + entry.check + ": " + entry.reason);
    unchecked.push_back(std::move(entry));
  }
}

TestResult Session::Impl::run_test(Slot& slot, const spec::Suite& suite,
                                   const spec::TestSpec& test, const SuiteBuilds& builds,
                                   std::optional<std::vector<Failure>> build_problems,
                                   const std::string& scratch_prefix) {
  const auto start = Clock::now();
  TestResult result;
  result.name = test.name;
  result.max_score = test.points;
  result.hint = test.hint;
  result.tags = test.tags;
  result.visibility = test.visibility;
  result.runs = 0;
  if (build_problems) {
    result.hint.clear();  // the test's hint is about behaviour, not the build
    result.runs = 1;
    result.failed_runs = 1;
    result.failures = std::move(*build_problems);
  } else {
    const int runs = options.repeat > 0 ? options.repeat : test.repeat;
    for (int i = 0; i < runs && !slot.interrupted; ++i) {
      std::vector<Failure> failures = run_once(slot, suite, test, builds);
      // A run cut short by the runner's own SIGINT/SIGTERM says nothing
      // about the submission.
      if (slot.interrupted) break;
      ++result.runs;
      const bool failed = !failures.empty();
      if (result.failed_runs == 0) result.mechanisms = std::move(slot.last_mechanisms);
      slot.last_mechanisms.clear();
      if (failed && options.keep)
        keep_scratch(slot.scratch, fmt::format("{}-{}", scratch_prefix, i + 1), test);
      if (!failed) continue;
      if (result.failed_runs++ == 0) result.failures = std::move(failures);
      if (std::any_of(result.failures.begin(), result.failures.end(),
                      [](const Failure& f) { return is_error_kind(f.kind); }))
        break;
    }
    if (slot.interrupted && result.failed_runs == 0) result.status = Status::skipped;
  }
  settle(result);
  if (result.status != Status::pass) result.reproduce = reproduce(suite, test);
  result.duration_ms = ms_since(start);
  return result;
}

// --keep: the failed run's directory moves aside under its own name.
void Session::Impl::keep_scratch(const fs::path& scratch, const std::string& name,
                                 const spec::TestSpec& test) {
  const fs::path kept = run_dir / ("kept-" + name);
  std::error_code ec;
  fs::rename(scratch, kept, ec);
  if (!ec) notice(fmt::format("kept the scratch directory of '{}': {}", test.name, kept.string()));
}

SuiteResult Session::Impl::run_suite(const spec::Suite& suite, std::size_t index) {
  SuiteResult result;
  result.suite = suite.id;
  result.title = suite.title;
  result.submission = submission_label();
  if (console) console->suite_started(result);
  std::unique_ptr<RE2> filter;
  if (!options.filter.empty()) filter = std::make_unique<RE2>(options.filter);
  SuiteBuilds builds = build_suite(suite, index);
  std::vector<std::size_t> chosen;
  for (std::size_t t = 0; t < suite.tests.size(); ++t) {
    const spec::TestSpec& test = suite.tests[t];
    if (filter && !RE2::PartialMatch(test.name, *filter)) continue;
    if (options.select && !options.select(suite, test)) continue;
    chosen.push_back(t);
  }
  run_tests(suite, index, builds, chosen, result);
  return result;
}

// Runs the chosen tests on every slot at once, each slot taking the next
// test when its last one ends. The report and the console keep the suite's
// order whatever the order of finishing.
void Session::Impl::run_tests(const spec::Suite& suite, std::size_t index, SuiteBuilds& builds,
                              const std::vector<std::size_t>& chosen, SuiteResult& result) {
  // Which programs did not build, in the suite's order: the compiler's
  // messages appear in full in the first test that needs the program.
  std::vector<std::optional<std::vector<Failure>>> build_problems;
  for (const std::size_t t : chosen)
    build_problems.push_back(build_failures(suite, suite.tests[t], builds));

  std::vector<std::optional<TestResult>> done(chosen.size());
  std::size_t shown = 0;  // results handed to the console, in order
  const auto finish = [&](std::size_t i, TestResult tr) {
    std::lock_guard lock(shared);
    done[i] = std::move(tr);
    for (; shown < done.size() && done[shown]; ++shown)
      if (console) console->test_finished(result, *done[shown]);
  };
  const auto skipped = [&](const spec::TestSpec& test) {
    TestResult tr;
    tr.name = test.name;
    tr.max_score = test.points;
    tr.status = Status::skipped;
    tr.visibility = test.visibility;
    settle(tr);
    return tr;
  };
  // A fault of the runner in one test is that test's `error` (kind
  // internal), never a lost report or a stopped run (spec-format.md).
  const auto guarded = [&](Slot& slot, const spec::TestSpec& test,
                           std::optional<std::vector<Failure>> problems, std::size_t t) {
    try {
      return run_test(slot, suite, test, builds, std::move(problems),
                      fmt::format("{}-{}", index, t + 1));
    } catch (const std::exception& e) {
      TestResult tr;
      tr.name = test.name;
      tr.max_score = test.points;
      tr.visibility = test.visibility;
      tr.runs = tr.failed_runs = 1;
      tr.failures.push_back({FailureKind::internal, "",
                             std::string("the runner failed while running this test: ") + e.what(),
                             ""});
      settle(tr);
      tr.reproduce = reproduce(suite, test);
      return tr;
    }
  };
  std::atomic<std::size_t> next = 0;
  const auto work = [&](Slot& slot) {
    for (std::size_t i; (i = next++) < chosen.size();) {
      const spec::TestSpec& test = suite.tests[chosen[i]];
      if (stop_all) {
        finish(i, skipped(test));
        continue;
      }
      if (options.on_test_started) {
        std::lock_guard lock(shared);
        options.on_test_started(suite, test);
      }
      finish(i, guarded(slot, test, std::move(build_problems[i]), chosen[i]));
    }
  };

  if (slots.size() == 1 || chosen.size() < 2) {
    Slot& slot = slots.front();
    for (std::size_t i = 0; i < chosen.size(); ++i) {
      io.poll();  // lets a pending SIGINT or SIGTERM be seen between tests
      const spec::TestSpec& test = suite.tests[chosen[i]];
      if (interrupted) {
        finish(i, skipped(test));
        continue;
      }
      if (options.on_test_started) options.on_test_started(suite, test);
      finish(i, guarded(slot, test, std::move(build_problems[i]), chosen[i]));
    }
  } else {
    // Every slot but 0 works on a thread of its own with its own loop.
    // Slot 0 works here, on the session's loop, which keeps hearing SIGINT
    // and SIGTERM while its scenarios run, and then until the others end.
    std::atomic<std::size_t> running = 0;
    std::vector<std::thread> threads;
    for (auto& slot : slots) {
      if (!slot.own_io) continue;
      ++running;
      threads.emplace_back([&, this, own = &slot] {
        work(*own);
        --running;
        asio::post(io, [] {});  // wakes the session's loop below
      });
    }
    work(slots.front());
    while (running > 0) io.run_one();
    for (auto& thread : threads) thread.join();
  }
  for (auto& tr : done) result.tests.push_back(std::move(*tr));
}

Session::Session(SessionOptions options, ConsoleReporter* console)
    : impl_(std::make_unique<Impl>(std::move(options), console)) {}

Session::~Session() {
  std::error_code ec;
  if (!impl_->run_dir.empty() && !impl_->options.keep) fs::remove_all(impl_->run_dir, ec);
}

int Session::interrupted_by() const { return impl_->interrupted_by; }

RunReport Session::run(const std::vector<spec::Suite>& suites) {
  const auto start = Clock::now();
  RunReport report;
  report.isolation = impl_->isolation->name();
  if (const auto why = impl_->isolation->reason(); why && impl_->console)
    impl_->console->notice(*why);
  impl_->make_run_dir();
  for (std::size_t i = 0; i < suites.size(); ++i)
    report.suites.push_back(impl_->run_suite(suites[i], i + 1));
  report.unchecked = impl_->unchecked;
  total(report);
  report.duration_ms = ms_since(start);
  return report;
}

}  // namespace ipcgrade
