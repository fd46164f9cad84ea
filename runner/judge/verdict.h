// Verdicts: what a run found, as the reports see it. Statuses and failure
// kinds are one closed table (spec-format.md, "The JSON report"); the
// console and every report writer loop over it instead of spelling kinds.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/model.h"

namespace ipcgrade {

enum class Status { pass, fail, error, skipped };

enum class FailureKind {
  output, exit, timeout, signal, crash, limit, leak, orphan, cpu, mechanism, build,
  spec, reference, internal,
};

struct FailureKindInfo {
  FailureKind kind;
  std::string_view name;
  std::string_view meaning;
  bool is_error;  // the test could not be judged: status `error`
};

inline constexpr std::array<FailureKindInfo, 14> kFailureKinds{{
    {FailureKind::output, "output", "stdout or stderr did not match", false},
    {FailureKind::exit, "exit", "wrong exit status or ended too early", false},
    {FailureKind::timeout, "timeout", "ran past its bound, or a condition never came true", false},
    {FailureKind::signal, "signal", "an injected signal could not be delivered as written", false},
    {FailureKind::crash, "crash", "killed by a crash signal", false},
    {FailureKind::limit, "limit", "a resource limit was hit", false},
    {FailureKind::leak, "leak", "an IPC object, FIFO or socket file was left behind", false},
    {FailureKind::orphan, "orphan", "a process was still running, or a zombie unreaped", false},
    {FailureKind::cpu, "cpu", "used more CPU than allowed", false},
    {FailureKind::mechanism, "mechanism", "did not use the required IPC mechanism", false},
    {FailureKind::build, "build", "the program did not build", false},
    {FailureKind::spec, "spec", "the suite is wrong for this test", true},
    {FailureKind::reference, "reference", "the reference build failed this test", true},
    {FailureKind::internal, "internal", "a fault of the runner", true},
}};

std::string_view to_string(FailureKind kind);
std::optional<FailureKind> failure_kind_from(std::string_view name);
bool is_error_kind(FailureKind kind);

std::string_view to_string(Status status);
std::optional<Status> status_from(std::string_view name);

std::string_view to_string(spec::Visibility visibility);

struct Failure {
  FailureKind kind = FailureKind::output;
  std::string process;  // the process id in the test, empty for the whole test
  std::string message;  // one line or a few; valid UTF-8, control bytes visible
  std::string diff;     // a short unified diff for output mismatches, else empty
};

// What one process (with its descendants) was seen to use, recorded when
// its test asks (`uses`, `not_uses`): attempts, counted by the kernel's
// notifications.
struct ProcessMechanisms {
  std::string process;
  std::map<std::string, std::int64_t> mechanisms;  // "sysv_msg", "kill:SIGKILL"
  std::map<std::string, std::int64_t> calls;       // kernel names: "msgsnd"
  std::vector<std::string> notes;
};

struct TestResult {
  std::string name;
  Status status = Status::pass;
  double score = 0;
  double max_score = 1;
  std::int64_t duration_ms = 0;
  int runs = 1;
  int failed_runs = 0;
  std::vector<Failure> failures;  // of the first failed run
  std::vector<ProcessMechanisms> mechanisms;  // of that run, else of the last
  std::string hint;
  std::string reproduce;  // one command line that reruns just this test
  spec::Visibility visibility = spec::Visibility::visible;
  std::vector<std::string> tags;
};

struct SuiteResult {
  std::string suite;
  std::string title;
  std::string submission;  // path as given, or "reference"
  double score = 0;
  double max_score = 0;
  std::vector<TestResult> tests;
};

struct Unchecked {
  std::string check;
  std::string reason;
};

struct ShardInfo {
  int k = 1;
  int n = 1;
  std::vector<std::string> planned;  // every test ("suite/test") of the whole run
};

struct RunReport {
  std::string isolation = "none";  // "box" or "none"
  double score = 0;
  double max_score = 0;
  std::int64_t duration_ms = 0;
  std::optional<ShardInfo> shard;
  std::vector<Unchecked> unchecked;
  std::vector<SuiteResult> suites;
};

// Status from failures: error if any failure is an error kind, fail if any,
// else pass. Scores follow: full points on pass, 0 otherwise.
void settle(TestResult& test);
// Sums of the tests' scores into each suite and the run.
void total(RunReport& report);

}  // namespace ipcgrade
