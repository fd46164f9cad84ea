#include "app/grade_outputs.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "app/class_results.h"
#include "app/class_summary.h"
#include "app/gradebook.h"
#include "report/writer.h"

namespace ipcgrade {

namespace fs = std::filesystem;

namespace {

bool write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (out) return true;
  std::cerr << "ipcgrade: cannot write " << path.string() << "\n";
  return false;
}

std::string render(const ReportWriter& writer, const RunReport& report) {
  std::ostringstream text;
  writer.write(report, text);
  return text.str();
}

}  // namespace

bool write_grade_outputs(const RunReport& klass, const GradeOutputs& outputs) {
  std::error_code ec;
  fs::create_directories(outputs.dir / "feedback", ec);
  if (ec) {
    std::cerr << "ipcgrade: cannot create " << (outputs.dir / "feedback").string() << ": "
              << ec.message() << "\n";
    return false;
  }
  bool ok = write_file(outputs.dir / "gradebook.csv", gradebook_csv(klass));
  ok = write_file(outputs.dir / "summary.md", class_summary(klass)) && ok;
  ok = write_file(outputs.dir / "report.json", render(*make_writer("json"), klass)) && ok;
  // The student-facing writer withholds what the suite keeps from students.
  const auto markdown = make_writer("markdown", {outputs.after_due_date});
  for (const auto& submission : submission_reports(klass))
    ok = write_file(outputs.dir / "feedback" / (submission_name(submission) + ".md"),
                    render(*markdown, submission)) &&
         ok;
  return ok;
}

}  // namespace ipcgrade
