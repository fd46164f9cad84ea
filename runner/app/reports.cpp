#include "app/reports.h"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "app/github.h"
#include "report/writer.h"

namespace ipcgrade {

SessionOptions session_options(const CommandLine& command) {
  SessionOptions options;
  if (command.submission) options.submission = *command.submission;
  options.filter = command.filter;
  options.repeat = command.repeat;
  options.time_scale = command.time_scale;
  options.keep = command.keep;
  options.jobs = command.jobs;
  options.allow_namespaces = command.isolation != "none";
  options.program_name = command.program_name;
  return options;
}

bool reports_requested(const ReportFiles& files) {
  return !(files.json.empty() && files.junit.empty() && files.gradescope.empty() &&
           files.tap.empty() && files.markdown.empty() && files.html.empty());
}

bool write_reports(const RunReport& report, const ReportFiles& files) {
  bool ok = true;
  const std::pair<const char*, const std::string*> requested[] = {
      {"json", &files.json}, {"junit", &files.junit},       {"gradescope", &files.gradescope},
      {"tap", &files.tap},   {"markdown", &files.markdown}, {"html", &files.html}};
  for (const auto& [format, path] : requested) {
    if (path->empty()) continue;
    auto writer = make_writer(format);
    if (!writer) {
      std::cerr << "ipcgrade: this build cannot write " << format << " reports yet, so " << *path
                << " was not written\n";
      ok = false;
      continue;
    }
    // A report's folder is made for it (`--html grades/index.html`).
    std::error_code ec;
    if (const auto dir = std::filesystem::path(*path).parent_path(); !dir.empty())
      std::filesystem::create_directories(dir, ec);
    std::ofstream out(*path, std::ios::binary | std::ios::trunc);
    if (out) writer->write(report, out);
    out.close();
    if (!out) {
      std::cerr << "ipcgrade: cannot write the " << format << " report to " << *path << "\n";
      ok = false;
    }
  }
  return ok;
}

std::optional<std::string> markdown_of(const RunReport& report) {
  auto writer = make_writer("markdown");
  if (!writer) return std::nullopt;
  std::ostringstream text;
  writer->write(report, text);
  return text.str();
}

bool publish_on_github(const RunReport& report, std::ostream& out) {
  if (on_github_actions()) out << failure_annotations(report) << std::flush;
  const char* summary = std::getenv("GITHUB_STEP_SUMMARY");
  if (summary == nullptr || *summary == '\0') return true;
  const auto markdown = markdown_of(report);
  if (!markdown) {
    std::cerr << "ipcgrade: this build cannot write markdown reports yet, so nothing was "
                 "added to the job summary\n";
    return false;
  }
  return append_step_summary(*markdown);
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

int grade_exit_status(const RunReport& report, int interrupted_by, bool reports_written) {
  const int status = exit_status(report, interrupted_by, reports_written);
  return status == 1 ? 0 : status;
}

}  // namespace ipcgrade
