// GitHub Actions: workflow-command escaping and the failure annotations.
#include "app/github.h"

#include <catch2/catch.hpp>

using namespace ipcgrade;

TEST_CASE("workflow command text escapes %, CR and LF; properties also : and ,", "[app]") {
  CHECK(escape_workflow_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b");
  CHECK(escape_workflow_property("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext%3A a%2C b");
  CHECK(escape_workflow_data("%0A") == "%250A");  // already-escaped text stays literal
}

TEST_CASE("every failed or errored test gets one ::error annotation", "[app]") {
  RunReport report;
  SuiteResult suite{"msgq-sysv", "", "student", 0, 0, {}};
  TestResult passed;
  passed.name = "passes";
  settle(passed);
  TestResult failed;
  failed.name = "receiver: removes the queue";
  failed.failures = {{FailureKind::leak, "receiver", "queue 3 was left\n(key 1234)", ""},
                     {FailureKind::exit, "", "exited 1, 100% wrong", ""}};
  failed.hint = "call msgctl(IPC_RMID)";
  failed.reproduce = "ipcgrade run suites/msgq-sysv --filter '^receiver'";
  settle(failed);
  TestResult errored;
  errored.name = "bad\x1b";
  errored.failures = {{FailureKind::spec, "", "unset variable", ""}};
  settle(errored);
  suite.tests = {passed, failed, errored};
  report.suites = {suite};
  CHECK(failure_annotations(report) ==
        "::error title=fail msgq-sysv%3A receiver%3A removes the queue::"
        "[leak] receiver: queue 3 was left%0A(key 1234)%0A[exit] exited 1, 100%25 wrong%0A"
        "hint: call msgctl(IPC_RMID)%0Areproduce: ipcgrade run suites/msgq-sysv --filter "
        "'^receiver'\n"
        "::error title=error msgq-sysv%3A bad\\x1b::[spec] unset variable\n");
  report.suites[0].tests = {passed};
  CHECK(failure_annotations(report).empty());
}
