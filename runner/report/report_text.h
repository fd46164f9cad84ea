// Text pieces that several report formats share, so that a failure reads
// the same in the console, JUnit and the formats still to come. Every
// function here passes run text through visible() (decisions.md 16).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "judge/verdict.h"
#include "report/writer.h"

namespace ipcgrade {

// `[kind] process: message`, or `[kind] message` for a failure of the whole
// test; the message may span lines.
std::string failure_heading(const Failure& failure);

// Everything a reader needs to act on a failed test, as plain text: every
// failure with its diff, the hint, and the command that reruns the test.
std::string failure_details(const TestResult& test, bool with_reproduce = true);

// The text before the first newline, for places that hold one line only.
std::string first_line(std::string_view text);

// "sender: sysv_msg 3; calls msgget 1, msgsnd 3": what one process was seen
// to use (mechanism evidence), for the console and the HTML page.
std::string mechanisms_text(const ProcessMechanisms& seen);

// Milliseconds as seconds with exactly three decimals ("0.812"), as the
// Surefire schema of JUnit wants them.
std::string seconds_text(std::int64_t ms);

// Points as people write them: "7" for whole numbers, else "2.5".
std::string points_text(double points);

// How many tests have this status, in one suite or across the run.
int count_status(const SuiteResult& suite, Status status);
int count_status(const RunReport& report, Status status);

// `3 passed, 2 failed, 1 error, 1 skipped`: passed and failed always, so
// that scripts can read the line; the rarer statuses only when they
// happened.
std::string status_counts(const RunReport& report);

// `suite: test`, as TAP, Markdown and Gradescope name a test.
std::string test_label(const SuiteResult& suite, const TestResult& test);

// Whether a test needs explaining beyond its status: it failed or erred,
// or it was skipped and says why.
bool needs_explaining(const TestResult& test);

// Whether a student-facing report may show this test's failures, hint and
// reproduce line, or only its name and score: `hidden` never, the
// `after_*` visibilities once the due date has passed.
bool details_shown(const TestResult& test, const WriterOptions& options);

// Whether the report holds more than one submission: a class.
bool several_submissions(const RunReport& report);

// One report per submission, in the order the submissions first appear,
// each with its own totals: a class report (`grade`) holds many.
std::vector<RunReport> split_by_submission(const RunReport& report);

}  // namespace ipcgrade
