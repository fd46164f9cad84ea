// `ipcgrade grade`: a whole class. Every folder of --submissions is one
// submission, graded by a fresh Session so that nothing of one student's
// run (builds, reference outputs, a stuck state) reaches the next. A
// submission that does not build, hangs, or breaks the runner costs only
// its own row.
#include <fmt/format.h>
#include <re2/re2.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <optional>
#include <thread>

#include "app/class_results.h"
#include "app/class_summary.h"
#include "app/commands.h"
#include "app/github.h"
#include "app/grade_outputs.h"
#include "app/reports.h"
#include "app/session.h"
#include "app/shell_quote.h"
#include "box/box.h"
#include "report/report_text.h"

namespace ipcgrade {

namespace fs = std::filesystem;

namespace {

// Sorted, so that rows, shards and merged reports come out the same on
// every machine. Dot folders (.git, .DS_Store) are not submissions.
std::vector<std::string> submission_names(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.is_directory(ec) && !name.empty() && name.front() != '.') names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// How many submissions are graded at once: -j of them (default: the
// cores) where tests run in boxes, each submission's tests then one at a
// time; without a box one submission at a time, its tests too, since
// their fixed names and ports would meet on the host (decisions.md 5).
int submissions_at_once(const CommandLine& command) {
  if (command.jobs == 1) return 1;
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const auto isolation = box::make_isolation(command.isolation != "none");
  return std::clamp(command.jobs > 0 ? command.jobs : cores, 1, isolation->max_parallel());
}

// Grades submissions, from one thread or several at once (each with its own
// Session, box server and slots).
class ClassGrader {
 public:
  ClassGrader(const CommandLine& command, const std::vector<spec::Suite>& suites,
              int tests_at_once)
      : command_(command), suites_(suites), tests_at_once_(tests_at_once) {}

  // Grades `name`: its rows, for add() in the class's order.
  RunReport grade(const std::string& name, std::size_t position, std::size_t count);
  void add(RunReport&& submission, const std::string& name);
  RunReport& report() { return report_; }
  int interrupted_by() const { return interrupted_by_; }
  std::size_t graded() const { return graded_; }

 private:
  RunReport error_rows(const std::string& name, const std::string& reason) const;
  void say(const std::string& line) {
    std::lock_guard lock(say_mutex_);
    if (command_.verbosity >= 0) std::cout << line << std::endl;
  }

  const CommandLine& command_;
  const std::vector<spec::Suite>& suites_;
  const int tests_at_once_;
  RunReport report_;
  std::atomic<int> interrupted_by_ = 0;
  std::atomic<std::size_t> graded_ = 0;
  std::mutex say_mutex_;
};

RunReport ClassGrader::grade(const std::string& name, std::size_t position, std::size_t count) {
  const fs::path dir = fs::path(command_.submissions) / name;
  SessionOptions options = session_options(command_);
  options.submission = dir;
  options.jobs = tests_at_once_;
  const std::string progress = fmt::format("[{}/{}] {}", position, count, name);
  ++graded_;
  try {
    ConsoleReporter console(std::cout, {::isatty(STDOUT_FILENO) == 1, command_.verbosity});
    Session session(options, command_.verbosity > 0 ? &console : nullptr);
    RunReport result = session.run(suites_);
    if (const int signo = session.interrupted_by()) interrupted_by_ = signo;
    total(result);
    say(fmt::format("{}: {}/{}{}", progress, points_text(result.score),
                    points_text(result.max_score),
                    session.interrupted_by() ? " (interrupted)" : ""));
    return result;
  } catch (const std::exception& e) {
    say(fmt::format("{}: could not be graded: {}", progress, e.what()));
    return error_rows(name, e.what());
  }
}

void ClassGrader::add(RunReport&& submission, const std::string& name) {
  report_.isolation = submission.isolation;
  add_unchecked(report_.unchecked, submission.unchecked);
  // The folder's name identifies the student in every output, whatever
  // path the class was graded from, so shards from other machines merge.
  for (auto& suite : submission.suites) {
    suite.submission = name;
    report_.suites.push_back(std::move(suite));
  }
}

// A submission the runner could not grade still gets its row: every test
// it would have run, in error, so that the gradebook keeps its columns and
// the instructor sees what to rerun.
RunReport ClassGrader::error_rows(const std::string& name, const std::string& reason) const {
  RunReport rows;
  const std::string path = (fs::path(command_.submissions) / name).string();
  std::unique_ptr<RE2> filter;
  if (!command_.filter.empty()) filter = std::make_unique<RE2>(command_.filter);
  for (const auto& suite : suites_) {
    SuiteResult s{suite.id, suite.title, name, 0, 0, {}};
    for (const auto& test : suite.tests) {
      if (filter && !RE2::PartialMatch(test.name, *filter)) continue;
      TestResult t;
      t.name = test.name;
      t.max_score = test.points;
      t.visibility = test.visibility;
      t.tags = test.tags;
      t.failures.push_back(
          {FailureKind::internal, "", "the runner could not grade this submission: " + reason, ""});
      t.reproduce = fmt::format("{} run {} --submission {}", command_.program_name,
                                shell_quote(fs::proximate(suite.dir).string()), shell_quote(path));
      settle(t);
      s.tests.push_back(std::move(t));
    }
    rows.suites.push_back(std::move(s));
  }
  return rows;
}

}  // namespace

int command_grade(const CommandLine& command) {
  const auto start = std::chrono::steady_clock::now();
  auto suites = load_suites(command.suites);
  if (!suites) return 2;
  const std::vector<std::string> planned = submission_names(command.submissions);
  const std::vector<std::string> mine =
      command.shard ? shard_items(planned, *command.shard) : planned;
  const int at_once = submissions_at_once(command);
  // With several submissions at once, each one's tests run one at a time.
  ClassGrader grader(command, *suites, at_once > 1 ? 1 : command.jobs);
  std::vector<std::optional<RunReport>> rows(mine.size());
  std::atomic<std::size_t> next = 0;
  const auto work = [&] {
    for (std::size_t i; !grader.interrupted_by() && (i = next++) < mine.size();)
      rows[i] = grader.grade(mine[i], i + 1, mine.size());
  };
  std::vector<std::thread> threads;
  for (int t = 1; t < std::min<int>(at_once, static_cast<int>(mine.size())); ++t)
    threads.emplace_back(work);
  work();
  for (auto& thread : threads) thread.join();
  for (std::size_t i = 0; i < mine.size(); ++i)
    if (rows[i]) grader.add(std::move(*rows[i]), mine[i]);

  RunReport& klass = grader.report();
  if (command.shard) klass.shard = ShardInfo{command.shard->k, command.shard->n, planned};
  total(klass);
  klass.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::steady_clock::now() - start)
                          .count();
  const std::string out_dir = command.out_dir.empty() ? "grades" : command.out_dir;
  bool written = write_grade_outputs(klass, {out_dir, command.after_due_date});
  written = write_reports(klass, command.reports) && written;
  written = append_step_summary(class_summary(klass)) && written;
  std::cout << fmt::format("graded {} of {} submissions; wrote {}/\n", grader.graded(),
                           planned.size(), out_dir);
  return grade_exit_status(klass, grader.interrupted_by(), written);
}

}  // namespace ipcgrade
