#include "app/github.h"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

#include "judge/visible.h"
#include "report/report_text.h"

namespace ipcgrade {

namespace {

std::string escape(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// What a student needs to act on the failure without opening the log:
// each failure, the hint, and the command that reruns the test.
std::string annotation_message(const TestResult& test) {
  std::string message;
  for (const auto& failure : test.failures) {
    if (!message.empty()) message += '\n';
    message += failure_heading(failure);
  }
  if (!test.hint.empty()) message += "\nhint: " + visible(test.hint);
  if (!test.reproduce.empty()) message += "\nreproduce: " + visible(test.reproduce);
  return message;
}

}  // namespace

std::string escape_workflow_data(std::string_view text) { return escape(text, false); }

std::string escape_workflow_property(std::string_view text) { return escape(text, true); }

std::string failure_annotations(const RunReport& report) {
  std::string out;
  for (const auto& suite : report.suites)
    for (const auto& test : suite.tests) {
      if (test.status != Status::fail && test.status != Status::error) continue;
      const std::string title = fmt::format("{} {}: {}", to_string(test.status),
                                            visible(suite.suite), visible(test.name));
      out += fmt::format("::error title={}::{}\n", escape_workflow_property(title),
                         escape_workflow_data(annotation_message(test)));
    }
  return out;
}

bool on_github_actions() {
  const char* value = std::getenv("GITHUB_ACTIONS");
  // GitHub sets "true"; any other non-empty value but "false" counts too,
  // so that a local dry run can switch the annotations on.
  return value != nullptr && *value != '\0' && std::string_view(value) != "false";
}

bool append_step_summary(const std::string& markdown) {
  const char* path = std::getenv("GITHUB_STEP_SUMMARY");
  if (path == nullptr || *path == '\0') return true;
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out << markdown;
  out.close();
  if (out) return true;
  std::cerr << "ipcgrade: cannot append the job summary to " << path << "\n";
  return false;
}

}  // namespace ipcgrade
