// One self-contained HTML page for a run (one submission) or a class
// (several submissions): summary cards, the grade table (tests for a run,
// submissions for a class), the pass rate per test as a CSS bar chart, and
// each submission's failures with their diffs. Every piece of run text goes
// through html_text(); the page has no scripts and loads nothing.
#include <algorithm>
#include <cmath>

#include "report/formats.h"
#include "report/html_text.h"
#include "report/report_text.h"

namespace ipcgrade {

namespace {

struct PassRate {
  const SuiteResult* suite;  // the first result of this test, for its name
  const TestResult* test;
  int passed = 0;
  int graded = 0;
};

// Per test of the whole report, in the order tests first appear.
std::vector<PassRate> pass_rates(const RunReport& report) {
  std::vector<PassRate> rates;
  for (const auto& suite : report.suites)
    for (const auto& test : suite.tests) {
      auto it = std::find_if(rates.begin(), rates.end(), [&](const PassRate& r) {
        return r.suite->suite == suite.suite && r.test->name == test.name;
      });
      if (it == rates.end()) it = rates.insert(rates.end(), PassRate{&suite, &test});
      it->graded += 1;
      it->passed += test.status == Status::pass ? 1 : 0;
    }
  return rates;
}

std::string points_of(double score, double max_score) {
  return points_text(score) + "\u2009/\u2009" + points_text(max_score);
}

// A mean to one decimal: 4.7, not 4.66667.
double one_decimal(double value) { return std::round(value * 10) / 10; }

std::string card(std::string_view css_class, const std::string& value, std::string_view label) {
  return "<div class=\"card " + std::string(css_class) + "\"><div class=\"value\">" + value +
         "</div><div class=\"label\">" + std::string(label) + "</div></div>\n";
}

void write_status_cards(std::ostream& out, const RunReport& report) {
  out << card("pass", std::to_string(count_status(report, Status::pass)), "tests passed")
      << card("fail", std::to_string(count_status(report, Status::fail)), "tests failed");
  if (const int n = count_status(report, Status::error))
    out << card("error", std::to_string(n), "errors");
  if (const int n = count_status(report, Status::skipped))
    out << card("skip", std::to_string(n), "skipped");
}

void write_cards(std::ostream& out, const RunReport& report, const std::vector<RunReport>& parts) {
  out << "<section class=\"cards\">\n";
  if (parts.size() == 1) {
    out << card("", points_of(report.score, report.max_score),
                "points \u00b7 " + percent_text(report.score, report.max_score));
  } else {
    double score = 0, max_score = 0;
    int full = 0;
    for (const auto& p : parts) {
      score += p.score;
      max_score += p.max_score;
      full += p.max_score > 0 && p.score >= p.max_score ? 1 : 0;
    }
    const double n = static_cast<double>(parts.size());
    out << card("", std::to_string(parts.size()), "submissions")
        << card("", points_of(one_decimal(score / n), one_decimal(max_score / n)),
                "mean points \u00b7 " + percent_text(score, max_score))
        << card("pass", std::to_string(full), "with full marks");
  }
  write_status_cards(out, report);
  out << "</section>\n";
}

void write_run_table(std::ostream& out, const RunReport& report) {
  out << "<h2>Tests</h2>\n<table>\n<tr><th>Suite</th><th>Test</th><th>Result</th>"
         "<th class=\"num\">Points</th><th class=\"num\">Time</th></tr>\n";
  for (const auto& suite : report.suites)
    for (const auto& test : suite.tests) {
      out << "<tr><td>" << html_text(suite.suite) << "</td><td>" << html_text(test.name);
      if (test.visibility != spec::Visibility::visible)
        out << "<span class=\"tag\">" << html_text(to_string(test.visibility)) << "</span>";
      out << "</td><td>" << status_pill(test.status) << "</td><td class=\"num\">"
          << points_of(test.score, test.max_score) << "</td><td class=\"num\">" << test.duration_ms
          << " ms</td></tr>\n";
    }
  out << "</table>\n";
}

// One coloured square per test, named in its tooltip.
std::string test_strip(const RunReport& part) {
  std::string strip = "<div class=\"strip\">";
  for (const auto& suite : part.suites)
    for (const auto& test : suite.tests)
      strip += "<span class=\"" + std::string(status_class(test.status)) + "\" title=\"" +
               html_text(test_label(suite, test) + ": " + std::string(to_string(test.status))) +
               "\"></span>";
  return strip + "</div>";
}

void write_class_table(std::ostream& out, const std::vector<RunReport>& parts) {
  out << "<h2>Grades</h2>\n<table>\n<tr><th>Submission</th><th class=\"num\">Points</th>"
         "<th></th><th class=\"num\">%</th><th>Tests</th></tr>\n";
  for (const auto& part : parts)
    out << "<tr><td>" << html_text(part.suites.front().submission) << "</td><td class=\"num\">"
        << points_of(part.score, part.max_score) << "</td><td style=\"width:22%\">"
        << html_bar(part.max_score > 0 ? part.score / part.max_score : 0)
        << "</td><td class=\"num\">" << percent_text(part.score, part.max_score) << "</td><td>"
        << test_strip(part) << "</td></tr>\n";
  out << "</table>\n";
}

void write_pass_rates(std::ostream& out, const RunReport& report) {
  out << "<h2>Pass rate per test</h2>\n<div class=\"chart\">\n";
  for (const auto& rate : pass_rates(report)) {
    const std::string label = html_text(test_label(*rate.suite, *rate.test));
    out << "<div class=\"row\"><span class=\"name\" title=\"" << label << "\">" << label
        << "</span>" << html_bar(static_cast<double>(rate.passed) / rate.graded)
        << "<span class=\"num\">" << rate.passed << '/' << rate.graded << " \u00b7 "
        << percent_text(rate.passed, rate.graded) << "</span></div>\n";
  }
  out << "</div>\n";
}

void write_failure(std::ostream& out, const Failure& failure) {
  out << "<div class=\"failure\"><span class=\"kind"
      << (is_error_kind(failure.kind) ? " error" : "") << "\">" << to_string(failure.kind)
      << "</span>";
  if (!failure.process.empty()) out << "<strong>" << html_text(failure.process) << "</strong>: ";
  out << "<span class=\"message\">" << html_text(failure.message) << "</span></div>\n";
  if (!failure.diff.empty()) out << html_diff(failure.diff) << '\n';
}

void write_test_details(std::ostream& out, const SuiteResult& suite, const TestResult& test,
                        bool open) {
  out << "<details" << (open ? " open=\"\"" : "") << "><summary>" << status_pill(test.status)
      << html_text(test_label(suite, test));
  // Folded, the first failure's first line tells the story at a glance.
  if (!open && !test.failures.empty())
    out << "<span class=\"first\">" << html_text(first_line(failure_heading(test.failures.front())))
        << "</span>";
  out << "<span class=\"points\">" << points_of(test.score, test.max_score)
      << "</span></summary>\n<div class=\"body\">\n";
  if (test.runs > 1 && test.failed_runs > 0)
    out << "<p class=\"note\">Failed " << test.failed_runs << " of " << test.runs << " runs.</p>\n";
  for (const auto& failure : test.failures) write_failure(out, failure);
  for (const auto& seen : test.mechanisms)
    out << "<p class=\"note\">Used: " << html_text(mechanisms_text(seen)) << "</p>\n";
  if (!test.hint.empty())
    out << "<p class=\"hint\"><strong>Hint:</strong> " << html_text(test.hint) << "</p>\n";
  if (!test.reproduce.empty())
    out << "<p class=\"reproduce\"><code>" << html_text(test.reproduce) << "</code></p>\n";
  out << "</div></details>\n";
}

// A single run opens every failure; a class keeps them folded, since a
// page of a hundred students' diffs is read one student at a time.
void write_failures(std::ostream& out, const std::vector<RunReport>& parts) {
  const bool several = parts.size() > 1;
  out << "<h2>Failures</h2>\n";
  for (const auto& part : parts) {
    if (several)
      out << "<h3>" << html_text(part.suites.front().submission) << " <span class=\"note\">"
          << points_of(part.score, part.max_score) << "</span></h3>\n";
    bool any = false;
    for (const auto& suite : part.suites)
      for (const auto& test : suite.tests)
        if (needs_explaining(test)) {
          write_test_details(out, suite, test, !several);
          any = true;
        }
    if (!any) out << "<p class=\"allpass\">Every test passed.</p>\n";
  }
}

// Checks this machine could not make, where a reader of the grades sees
// them before trusting the numbers.
void write_unchecked(std::ostream& out, const RunReport& report) {
  if (report.unchecked.empty()) return;
  out << "<div class=\"unchecked\"><strong>Not checked on this machine</strong><ul>\n";
  for (const auto& u : report.unchecked)
    out << "<li><strong>" << html_text(u.check) << "</strong>: " << html_text(u.reason)
        << "</li>\n";
  out << "</ul></div>\n";
}

void write_footer(std::ostream& out, const RunReport& report) {
  out << "<footer>\n<p>Written by ipcgrade \u00b7 isolation: " << html_text(report.isolation)
      << " \u00b7 " << seconds_text(report.duration_ms) << " s";
  if (report.shard) out << " \u00b7 shard " << report.shard->k << " of " << report.shard->n;
  out << "</p>\n</footer>\n";
}

std::string subtitle(const RunReport& report, const std::vector<RunReport>& parts) {
  std::size_t tests = 0;
  for (const auto& suite : report.suites) tests += suite.tests.size();
  if (parts.size() > 1)
    return std::to_string(parts.size()) + " submissions \u00b7 " + std::to_string(tests) +
           " test results";
  std::string text =
      report.suites.empty() ? "no tests ran" : html_text(report.suites.front().submission);
  for (const auto& suite : report.suites) text += " \u00b7 " + html_text(suite.suite);
  return text;
}

class HtmlWriter final : public ReportWriter {
 public:
  void write(const RunReport& report, std::ostream& out) const override {
    const std::vector<RunReport> parts = split_by_submission(report);
    // Void elements close themselves, so that the page also parses as XML,
    // which is how the tests prove every element is closed.
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\" />\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
           "<title>ipcgrade report</title>\n<style>"
        << html_style() << "</style>\n</head>\n<body>\n<main>\n<h1>ipcgrade report</h1>\n"
        << "<p class=\"subtitle\">" << subtitle(report, parts) << "</p>\n";
    write_cards(out, report, parts);
    write_unchecked(out, report);
    if (parts.size() > 1)
      write_class_table(out, parts);
    else
      write_run_table(out, report);
    write_pass_rates(out, report);
    write_failures(out, parts);
    write_footer(out, report);
    out << "</main>\n</body>\n</html>\n";
  }
};

}  // namespace

std::unique_ptr<ReportWriter> make_html_writer(WriterOptions) {
  return std::make_unique<HtmlWriter>();
}

}  // namespace ipcgrade
