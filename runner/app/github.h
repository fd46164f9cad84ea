// GitHub Actions integration: workflow-command annotations for failed tests
// (shown on the run's summary page and beside the commit) and the job
// summary file. Both are plain text protocols, documented by GitHub under
// "Workflow commands for GitHub Actions".
#pragma once

#include <string>
#include <string_view>

#include "judge/verdict.h"

namespace ipcgrade {

// A workflow command's message: GitHub reads `%`, CR and LF as the command's
// own syntax, so they travel as %25, %0D and %0A.
std::string escape_workflow_data(std::string_view text);

// A workflow command's property (such as title=): as the message, plus `:`
// and `,`, which end a property.
std::string escape_workflow_property(std::string_view text);

// One `::error title=...::message` line for every test that failed or
// ended in error; empty when every test passed.
std::string failure_annotations(const RunReport& report);

// Whether GITHUB_ACTIONS is set (GitHub sets it to "true" in every job).
bool on_github_actions();

// Appends `markdown` to the file named by GITHUB_STEP_SUMMARY, when that is
// set. False (with a message on stderr) when the file cannot be written.
bool append_step_summary(const std::string& markdown);

}  // namespace ipcgrade
