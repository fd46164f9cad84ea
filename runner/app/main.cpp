// ipcgrade: parse options -> load suites -> run -> print -> write reports ->
// exit status (spec-format.md, "The command line").
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <iostream>

#include "app/commands.h"
#include "app/options.h"
#include "app/reports.h"
#include "app/run_plan.h"
#include "app/session.h"
#include "box/box_init.h"
#include "report/console.h"

namespace {

int run_command(int argc, char** argv) {
  using namespace ipcgrade;
  ParseOutcome parsed = parse_command_line(argc, argv);
  if (!parsed.command) return parsed.exit_code;
  const CommandLine& command = *parsed.command;
  switch (command.kind) {
    case CommandKind::validate:
      return command_validate(command);
    case CommandKind::list:
      return command_list(command);
    case CommandKind::selftest:
      return command_selftest(command);
    case CommandKind::grade:
      return command_grade(command);
    case CommandKind::merge:
      return command_merge(command);
    case CommandKind::run:
      break;
  }

  auto suites = load_suites(command.suites);
  if (!suites) return 2;

  const bool tty = ::isatty(STDOUT_FILENO) == 1;
  ConsoleReporter console(std::cout, {tty, command.verbosity, tty, terminal_width(STDOUT_FILENO)});
  RunPlan plan = plan_run(command, *suites, console);
  Session session(plan.options, &console);
  RunReport report = session.run(*suites);
  report.shard = plan.shard;
  console.run_finished(report);

  bool written = write_reports(report, command.reports);
  written = publish_on_github(report, std::cout) && written;
  return exit_status(report, session.interrupted_by(), written);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace ipcgrade;
  // Each test's box runs this binary as its init (box/box_init.h).
  if (argc > 1 && std::strcmp(argv[1], box::kBoxInitCommand) == 0)
    return box::box_init_main(argc, argv);
  // A program that closes its stdin must not kill the runner.
  std::signal(SIGPIPE, SIG_IGN);
  // What the runner cannot do at all (a work directory it cannot make) is
  // a clear error and exit 2, never an abort.
  try {
    return run_command(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "ipcgrade: " << e.what() << "\n";
    return 2;
  }
}
