// Writing the report files a run asked for, what GitHub Actions shows of
// it, and the run's exit status.
#pragma once

#include "app/options.h"
#include "app/session.h"
#include "judge/verdict.h"

namespace ipcgrade {

SessionOptions session_options(const CommandLine& command);

// Whether any report file was asked for.
bool reports_requested(const ReportFiles& files);

// Writes every requested report; false (with a message on stderr) when one
// could not be written, or its writer is not in this build.
bool write_reports(const RunReport& report, const ReportFiles& files);

// The report as Markdown, for places that show one (the job summary), or
// nullopt when this build has no Markdown writer.
std::optional<std::string> markdown_of(const RunReport& report);

// On GitHub Actions: an `::error` annotation on `out` for every failed
// test, and the Markdown report appended to the job summary
// (GITHUB_STEP_SUMMARY). False when the summary could not be written.
bool publish_on_github(const RunReport& report, std::ostream& out);

// 130/143 after a signal, else 3 when a test ended in error or a report was
// lost, 1 when a test failed, 0 when every test passed.
int exit_status(const RunReport& report, int interrupted_by, bool reports_written);

// As exit_status, but a class that was graded exits 0 whatever the
// students scored: failures are grades, not a failure of grading.
int grade_exit_status(const RunReport& report, int interrupted_by, bool reports_written);

}  // namespace ipcgrade
