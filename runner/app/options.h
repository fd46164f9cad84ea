// The command line (spec-format.md, "The command line"), parsed with CLI11
// into one plain struct per run.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/shard.h"

namespace ipcgrade {

enum class CommandKind { run, validate, list, selftest, grade, merge };

struct ReportFiles {
  std::string json, junit, gradescope, tap, markdown, html;
};

struct CommandLine {
  CommandKind kind = CommandKind::run;
  std::vector<std::string> suites;  // SUITE arguments; default: suites/
  std::optional<std::string> submission;
  bool reference = false;
  int jobs = 0;
  std::string filter;
  int repeat = 0;
  std::optional<ShardSpec> shard;  // --shard K/N, checked
  double time_scale = 1.0;
  bool keep = false;
  std::string isolation = "auto";        // --isolation auto|none
  int verbosity = 0;                      // -1 quiet, 1 verbose
  bool json_listing = false;              // list --json
  std::vector<std::string> fixtures;      // selftest --fixture
  bool reference_only = false;            // selftest --reference-only
  std::string submissions;                // grade --submissions DIR
  std::string out_dir;                    // grade, merge --out DIR; empty: not given
  bool after_due_date = false;            // grade, merge: feedback shows after_due_date tests
  std::vector<std::string> merge_inputs;  // merge REPORT.json...
  ReportFiles reports;
  std::string program_name = "ipcgrade";  // argv[0], for reproduce lines
};

struct ParseOutcome {
  std::optional<CommandLine> command;  // unset: exit with `exit_code`
  int exit_code = 0;
};

ParseOutcome parse_command_line(int argc, char** argv);

}  // namespace ipcgrade
