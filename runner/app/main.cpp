// ipcgrade: parse options -> load suites -> run -> print -> write reports ->
// exit status (spec-format.md, "The command line").
#include <unistd.h>

#include <csignal>
#include <iostream>

#include "app/commands.h"
#include "app/options.h"
#include "app/reports.h"
#include "app/session.h"
#include "report/console.h"

int main(int argc, char** argv) {
  using namespace ipcgrade;
  // A program that closes its stdin must not kill the runner.
  std::signal(SIGPIPE, SIG_IGN);

  ParseOutcome parsed = parse_command_line(argc, argv);
  if (!parsed.command) return parsed.exit_code;
  const CommandLine& command = *parsed.command;
  switch (command.kind) {
    case CommandKind::validate: return command_validate(command);
    case CommandKind::list: return command_list(command);
    case CommandKind::selftest: return command_selftest(command);
    case CommandKind::run: break;
  }

  auto suites = load_suites(command.suites);
  if (!suites) return 2;

  ConsoleReporter console(std::cout, {::isatty(STDOUT_FILENO) == 1, command.verbosity});
  Session session(session_options(command), &console);
  RunReport report = session.run(*suites);
  console.run_finished(report);

  const bool written = write_reports(report, command.reports);
  return exit_status(report, session.interrupted_by(), written);
}
