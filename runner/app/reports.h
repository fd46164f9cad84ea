// Writing the report files a run asked for, and the run's exit status.
#pragma once

#include "app/options.h"
#include "app/session.h"
#include "judge/verdict.h"

namespace ipcgrade {

SessionOptions session_options(const CommandLine& command);

// Writes every requested report; false (with a message on stderr) when one
// could not be written.
bool write_reports(const RunReport& report, const ReportFiles& files);

// 130/143 after a signal, else 3 when a test ended in error or a report was
// lost, 1 when a test failed, 0 when every test passed.
int exit_status(const RunReport& report, int interrupted_by, bool reports_written);

}  // namespace ipcgrade
