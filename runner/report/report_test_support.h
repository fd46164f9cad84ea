// For the report tests only: one hand-made run that holds every status,
// a hidden test and a test named `bad&name` with hostile bytes, and the
// golden-file comparison (IPCGRADE_UPDATE_GOLDEN=1 rewrites the files).
#pragma once

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "judge/verdict.h"
#include "report/writer.h"

namespace ipcgrade::report_test {

inline TestResult make_test(std::string name, double max_score, std::int64_t ms,
                            std::vector<Failure> failures = {}) {
  TestResult t;
  t.name = std::move(name);
  t.max_score = max_score;
  t.duration_ms = ms;
  t.failures = std::move(failures);
  settle(t);
  return t;
}

inline SuiteResult pipe_relay_suite() {
  SuiteResult s{"pipe-relay", "Pipe relay", "students/alice", 0, 0, {}};
  const std::string reproduce = "ipcgrade run suites/pipe-relay --submission students/alice";
  s.tests.push_back(make_test("relays a short line", 1, 12));
  s.tests.back().tags = {"basic"};

  s.tests.push_back(make_test(
      "relays 32 MiB byte for byte", 2, 812,
      {{FailureKind::output, "relay", "stdout did not match: expected 33554432 bytes, saw 33554431",
        "--- expected\n+++ actual\n@@ -1,2 +1,2 @@\n line 1\n-line 2\n+line 2 \n"},
       {FailureKind::leak, "relay", "FIFO /tmp/relay.fifo was left behind", ""}}));
  s.tests.back().runs = 3;
  s.tests.back().failed_runs = 1;
  s.tests.back().hint = "Does the relay loop handle short writes?";
  s.tests.back().reproduce = reproduce + " --filter '^relays 32 MiB byte for byte$'";
  s.tests.back().tags = {"large", "stress"};

  s.tests.push_back(make_test("stops on SIGTERM", 1, 3,
                              {{FailureKind::spec, "", "variable PORT is not set", ""}}));
  s.tests.back().reproduce = reproduce + " --filter '^stops on SIGTERM$'";

  s.tests.push_back(make_test("uses splice", 1, 0));
  s.tests.back().status = Status::skipped;
  s.tests.back().reproduce = reproduce + " --filter '^uses splice$'";
  settle(s.tests.back());

  s.tests.push_back(make_test("survives a slow reader", 1.5, 2041));
  s.tests.back().visibility = spec::Visibility::hidden;

  const std::string hostile =
      std::string("saw ]]> then ") + '\0' + " then \x1b[31mred\x1b[0m and \xff\nsecond line";
  s.tests.push_back(make_test("bad&name", 1, 7, {{FailureKind::output, "<reader>", hostile, ""}}));
  s.tests.back().hint = "Quote \"it\" & <escape> it";
  s.tests.back().reproduce = reproduce + " --filter '^bad&name$'";
  return s;
}

inline RunReport sample_report() {
  RunReport r;
  r.isolation = "none";
  r.duration_ms = 2900;
  r.shard = ShardInfo{1, 2, {"pipe-relay/relays a short line", "msgq-sysv/round trip"}};
  r.unchecked.push_back({"mechanism", "seccomp user notification is unavailable"});
  r.suites.push_back(pipe_relay_suite());
  SuiteResult msgq{"msgq-sysv", "", "students/alice", 0, 0, {}};
  msgq.tests.push_back(make_test("round trip", 2, 25));
  r.suites.push_back(msgq);
  total(r);
  return r;
}

// A class of three: alice as in sample_report(), bob passing everything
// and carol whose programs did not build.
inline RunReport class_report() {
  RunReport r = sample_report();
  r.shard.reset();
  r.duration_ms = 9100;
  for (std::string name : {"students/bob", "students/carol"}) {
    const bool built = name == "students/bob";
    for (SuiteResult suite : {pipe_relay_suite(), sample_report().suites[1]}) {
      suite.submission = name;
      for (auto& test : suite.tests) {
        test.failures.clear();
        test.hint.clear();
        test.runs = 1;
        test.failed_runs = 0;
        if (const auto at = test.reproduce.find("students/alice"); at != std::string::npos)
          test.reproduce.replace(at, 14, name);
        if (!built)
          test.failures.push_back({FailureKind::build, "relay",
                                   "relay.c:3:1: error: expected ';'\n    3 | }\n      | ^", ""});
        test.status = Status::pass;
        settle(test);
      }
      r.suites.push_back(suite);
    }
  }
  total(r);
  return r;
}

// The report in `format` as a string.
inline std::string render(std::string_view format, const RunReport& report,
                          WriterOptions options = {}) {
  std::ostringstream out;
  make_writer(format, options)->write(report, out);
  return out.str();
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Compares byte for byte; with IPCGRADE_UPDATE_GOLDEN=1 writes the file
// instead, to be reviewed with git diff before it is committed.
inline void check_golden(const std::string& name, const std::string& actual) {
  const std::string path = std::string(IPCGRADE_GOLDEN_DIR) + "/" + name;
  const char* update = std::getenv("IPCGRADE_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    WARN("rewrote " << path);
  }
  CHECK(actual == read_file(path));
}

}  // namespace ipcgrade::report_test
