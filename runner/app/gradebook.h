// The class gradebook (spec-format.md, `grade --out`): CSV as RFC 4180
// writes it, so that spreadsheets and LMS imports read it unchanged. One
// row per submission: submission, score, max_score, then one column per
// test in suite order (the test's score, empty if it did not run).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "judge/verdict.h"

namespace ipcgrade {

// One field: quoted (with `"` doubled) when it holds a comma, a quote, CR
// or LF; else as it is.
std::string csv_field(std::string_view text);

// Fields joined by commas, ended by CRLF as RFC 4180 asks.
std::string csv_row(const std::vector<std::string>& fields);

// A submission's name as a cell. A spreadsheet runs a cell that starts with
// = + - or @ as a formula, and folder names come from students (repository
// names, exports), so such a name gets a leading apostrophe, as OWASP's
// advice on CSV injection says.
std::string name_cell(std::string_view name);

std::string gradebook_csv(const RunReport& klass);

}  // namespace ipcgrade
