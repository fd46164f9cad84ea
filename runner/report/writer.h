// Report writers: one per format behind one interface. Writers only format
// what the run found; they never judge.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "judge/verdict.h"

namespace ipcgrade {

class ReportWriter {
 public:
  virtual ~ReportWriter() = default;
  virtual void write(const RunReport& report, std::ostream& out) const = 0;
};

// "json", "junit" (and later tap, markdown, html, gradescope).
// nullptr for an unknown format.
std::unique_ptr<ReportWriter> make_writer(std::string_view format);

}  // namespace ipcgrade
