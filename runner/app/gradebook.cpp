#include "app/gradebook.h"

#include "app/class_results.h"
#include "judge/visible.h"
#include "report/report_text.h"

namespace ipcgrade {

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_row(const std::vector<std::string>& fields) {
  std::string row;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) row += ',';
    row += csv_field(fields[i]);
  }
  return row + "\r\n";
}

std::string name_cell(std::string_view name) {
  const std::string shown = visible(name);
  if (!shown.empty() && std::string_view("=+-@\t").find(shown.front()) != std::string_view::npos)
    return "'" + shown;
  return shown;
}

std::string gradebook_csv(const RunReport& klass) {
  const std::vector<TestColumn> columns = test_columns(klass);
  const bool with_suite = several_suites(columns);
  std::vector<std::string> header{"submission", "score", "max_score"};
  for (const auto& column : columns) header.push_back(visible(column_name(column, with_suite)));
  std::string csv = csv_row(header);
  for (const auto& submission : submission_reports(klass)) {
    std::vector<std::string> row{name_cell(submission_name(submission)),
                                 points_text(submission.score), points_text(submission.max_score)};
    for (const auto& column : columns) {
      const TestResult* test = find_test(submission, column);
      row.push_back(test ? points_text(test->score) : "");
    }
    csv += csv_row(row);
  }
  return csv;
}

}  // namespace ipcgrade
