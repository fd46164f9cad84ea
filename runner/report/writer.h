// Report writers: one per format behind one interface. Writers only format
// what the run found; they never judge.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "judge/verdict.h"

namespace ipcgrade {

// What a writer may show. Student-facing formats (markdown, gradescope)
// withhold the details of tests that the suite keeps from students; the
// instructor's formats show everything.
struct WriterOptions {
  // The due date has passed: `after_due_date` and `after_published` tests
  // show in full. `hidden` tests never do in student-facing formats.
  bool after_due_date = false;
};

class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  virtual void write(const RunReport& report, std::ostream& out) const = 0;
};

// "json", "junit", "tap", "markdown", "gradescope" or "html"; nullptr for an
// unknown format.
std::unique_ptr<ReportWriter> make_writer(std::string_view format, WriterOptions options = {});

}  // namespace ipcgrade
