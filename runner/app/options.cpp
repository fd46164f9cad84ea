#include "app/options.h"

#include <re2/re2.h>

#include <CLI/CLI.hpp>
#include <iostream>

namespace ipcgrade {

namespace {

// A box per test where the machine allows it, or the host for every test.
void add_isolation_option(CLI::App& cmd, CommandLine& c) {
  cmd.add_option("--isolation", c.isolation,
                 "auto: a namespace box per test where possible; none: every test on the host, "
                 "one at a time")
      ->check(CLI::IsMember({"auto", "none"}));
}

// What `run` and `grade` share: which tests, how, and how much is said.
void add_selection_options(CLI::App& cmd, CommandLine& c, std::string& shard) {
  cmd.add_option("SUITE", c.suites, "suite directory, suite file, or folder of suites");
  cmd.add_option("-j,--jobs", c.jobs, "tests at once (default: the number of cores; 1 without a box)")
      ->check(CLI::PositiveNumber);
  cmd.add_option("--filter", c.filter, "run only tests whose name matches this RE2 regex");
  cmd.add_option("--repeat", c.repeat, "run every test N times")->check(CLI::PositiveNumber);
  cmd.add_option("--shard", shard,
                 "run the K-th of N parts (K/N): planned item i goes to part (i mod N)+1");
  cmd.add_option("--time-scale", c.time_scale, "multiply timeouts and delays")
      ->check(CLI::PositiveNumber);
  cmd.add_flag("--keep", c.keep, "keep the scratch directory of each failed test");
  add_isolation_option(cmd, c);
}

void add_verbosity_options(CLI::App& cmd, CommandLine& c) {
  cmd.add_flag_function(
      "-q,--quiet", [&c](std::int64_t) { c.verbosity = -1; }, "only failures and the closing line");
  cmd.add_flag_function(
      "-v,--verbose", [&c](std::int64_t) { c.verbosity = 1; }, "more detail");
}

// Every report format; `json_names` lets merge spell --json as -o too.
void add_report_options(CLI::App& cmd, CommandLine& c, const std::string& json_names) {
  cmd.add_option(json_names, c.reports.json, "write the JSON report to this file");
  cmd.add_option("--junit", c.reports.junit, "write a JUnit XML report to this file");
  cmd.add_option("--gradescope", c.reports.gradescope, "write Gradescope's results.json here");
  cmd.add_option("--tap", c.reports.tap, "write a TAP report to this file");
  cmd.add_option("--markdown", c.reports.markdown, "write a Markdown report to this file");
  cmd.add_option("--html", c.reports.html, "write a self-contained HTML page to this file");
}

// What `grade` and `merge` share: where a class's outputs go, and what its
// feedback files show.
void add_class_options(CLI::App& cmd, CommandLine& c, const std::string& out_help) {
  cmd.add_option("--out", c.out_dir, out_help + " (default: grades/)");
  cmd.add_flag("--after-due-date", c.after_due_date,
               "feedback shows the details of after_due_date and after_published tests too");
  add_verbosity_options(cmd, c);
}

void add_run(CLI::App& app, CommandLine& c, std::string& shard) {
  auto* run = app.add_subcommand("run", "run suites against a submission or the reference");
  add_selection_options(*run, c, shard);
  auto* sub = run->add_option("--submission", c.submission, "the submission directory")
                  ->check(CLI::ExistingDirectory);
  run->add_flag("--reference", c.reference, "grade the reference build itself")->excludes(sub);
  add_verbosity_options(*run, c);
  add_report_options(*run, c, "--json");
}

void add_grade(CLI::App& app, CommandLine& c, std::string& shard) {
  auto* grade =
      app.add_subcommand("grade", "grade a class: every folder of --submissions is one submission");
  add_selection_options(*grade, c, shard);
  grade->add_option("--submissions", c.submissions, "the folder of submission folders")
      ->required()
      ->check(CLI::ExistingDirectory);
  add_class_options(*grade, c, "write gradebook.csv, summary.md, report.json and feedback/ here");
  add_report_options(*grade, c, "--json");
}

void add_merge(CLI::App& app, CommandLine& c) {
  auto* merge =
      app.add_subcommand("merge",
                         "combine the JSON reports of the shards of one run or grade; refuses "
                         "overlapping or missing shards (exit 2)");
  merge->add_option("REPORT", c.merge_inputs, "the shards' JSON reports")
      ->required()
      ->check(CLI::ExistingFile);
  add_class_options(*merge, c, "for the shards of grade: write its four outputs here");
  add_report_options(*merge, c, "-o,--json");
}

// Checks that CLI11 cannot express; a message and false on a mistake.
bool check_command(CommandLine& c, const std::string& shard, const char* name) {
  if (c.kind == CommandKind::run && !c.submission && !c.reference) {
    std::cerr << "run: give --submission DIR, or --reference to grade the reference itself\n";
    return false;
  }
  if (!c.filter.empty() && !RE2(c.filter, RE2::Quiet).ok()) {
    std::cerr << name << ": --filter is not a valid regex: " << RE2(c.filter, RE2::Quiet).error()
              << "\n";
    return false;
  }
  if (shard.empty()) return true;
  auto parsed = parse_shard(shard);
  if (auto* message = std::get_if<std::string>(&parsed)) {
    std::cerr << name << ": " << *message << "\n";
    return false;
  }
  c.shard = std::get<ShardSpec>(parsed);
  return true;
}

}  // namespace

ParseOutcome parse_command_line(int argc, char** argv) {
  CommandLine c;
  std::string shard;
  CLI::App app{"ipcgrade: grades IPC programs against YAML suites"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "ipcgrade 0.1");

  add_run(app, c, shard);
  add_grade(app, c, shard);
  add_merge(app, c);

  auto* validate = app.add_subcommand("validate", "check suites; print file:line:col errors");
  validate->add_option("SUITE", c.suites, "suites to check");

  auto* list = app.add_subcommand("list", "list the tests, their points and tags");
  list->add_option("SUITE", c.suites, "suites to list");
  list->add_flag("--json", c.json_listing, "as JSON");

  auto* selftest =
      app.add_subcommand("selftest",
                         "prove a suite: the reference passes every test and each fixture fails "
                         "exactly the tests its expect.yaml declares");
  selftest->add_option("SUITE", c.suites, "suites to prove");
  selftest->add_option("--fixture", c.fixtures, "only this fixture directory (repeatable)")
      ->check(CLI::ExistingDirectory);
  selftest->add_flag("--reference-only", c.reference_only, "only run the reference");
  add_isolation_option(*selftest, c);
  selftest->add_option("--time-scale", c.time_scale, "multiply timeouts and delays")
      ->check(CLI::PositiveNumber);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // Usage mistakes exit 2 as every other input error does; --help exits 0.
    const int code = app.exit(e);
    return {std::nullopt, code == 0 ? 0 : 2};
  }
  const std::pair<const char*, CommandKind> kinds[] = {{"validate", CommandKind::validate},
                                                       {"list", CommandKind::list},
                                                       {"selftest", CommandKind::selftest},
                                                       {"grade", CommandKind::grade},
                                                       {"merge", CommandKind::merge}};
  for (const auto& [name, kind] : kinds)
    if (app.got_subcommand(name)) c.kind = kind;
  if (!check_command(c, shard, app.get_subcommands().front()->get_name().c_str()))
    return {std::nullopt, 2};
  if (c.suites.empty()) c.suites.push_back("suites");
  if (argc > 0) c.program_name = argv[0];
  return {c, 0};
}

}  // namespace ipcgrade
