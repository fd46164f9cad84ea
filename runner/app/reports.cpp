#include "app/reports.h"

#include <csignal>
#include <fstream>
#include <iostream>

#include "report/writer.h"

namespace ipcgrade {

SessionOptions session_options(const CommandLine& command) {
  SessionOptions options;
  if (command.submission) options.submission = *command.submission;
  options.filter = command.filter;
  options.repeat = command.repeat;
  options.time_scale = command.time_scale;
  options.keep = command.keep;
  options.program_name = command.program_name;
  return options;
}

bool write_reports(const RunReport& report, const ReportFiles& files) {
  bool ok = true;
  const std::pair<const char*, const std::string*> requested[] = {
      {"json", &files.json}, {"junit", &files.junit}};
  for (const auto& [format, path] : requested) {
    if (path->empty()) continue;
    auto writer = make_writer(format);
    std::ofstream out(*path, std::ios::binary | std::ios::trunc);
    if (writer && out) writer->write(report, out);
    out.close();
    if (!writer || !out) {
      std::cerr << "ipcgrade: cannot write the " << format << " report to " << *path << "\n";
      ok = false;
    }
  }
  return ok;
}

int exit_status(const RunReport& report, int interrupted_by, bool reports_written) {
  if (interrupted_by == SIGINT) return 130;
  if (interrupted_by == SIGTERM) return 143;
  bool any_error = !reports_written, any_fail = false;
  for (const auto& suite : report.suites)
    for (const auto& test : suite.tests) {
      any_error = any_error || test.status == Status::error;
      any_fail = any_fail || test.status == Status::fail;
    }
  return any_error ? 3 : any_fail ? 1 : 0;
}

}  // namespace ipcgrade
