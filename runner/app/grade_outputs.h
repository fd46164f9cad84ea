// What `grade --out DIR` (and `merge --out DIR`) writes from a class report
// (spec-format.md, "The command line"): gradebook.csv, summary.md,
// report.json and feedback/<submission>.md.
#pragma once

#include <filesystem>

#include "judge/verdict.h"

namespace ipcgrade {

struct GradeOutputs {
  std::filesystem::path dir = "grades";
  // Feedback shows the details of after_due_date and after_published tests
  // too; of hidden tests, only their name and score (WriterOptions).
  bool after_due_date = false;
};

// Writes the four outputs; false, with a message on stderr for each, when
// one could not be written.
bool write_grade_outputs(const RunReport& klass, const GradeOutputs& outputs);

}  // namespace ipcgrade
