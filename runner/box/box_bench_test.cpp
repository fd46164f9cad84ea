// The cost of a box per test (decisions.md 8): made, audited and torn
// down, with and without one trivial program in it, and with the run's
// cgroup as the session makes it. Hidden from the normal run;
// bench/box_cost.sh runs it and prints the numbers.
//
// A slot's next box is asked for while its current test runs (ns_box.cpp),
// so "open" is what a test waits for its box: the rest of the making
// overlaps the previous test. Each row gives the whole (open to closed)
// and each part of it.
#include <algorithm>
#include <catch2/catch.hpp>
#include <iostream>
#include <sstream>
#include <vector>

#include "box/box_test_support.h"
#include "box/cgroup.h"

namespace ipcgrade::box {

using namespace box_test;

namespace {

struct Times {
  std::vector<double> micros;
  void add(double m) { micros.push_back(m); }
  std::string summary() {
    std::sort(micros.begin(), micros.end());
    const auto at = [&](double q) {
      return micros[static_cast<std::size_t>(q * (micros.size() - 1))];
    };
    double sum = 0;
    for (double m : micros) sum += m;
    std::ostringstream out;
    out.precision(3);
    out << "mean=" << sum / micros.size() / 1000 << " ms p50=" << at(0.5) / 1000
        << " ms p90=" << at(0.9) / 1000 << " ms min=" << micros.front() / 1000 << " ms";
    return out.str();
  }
};

struct Phases {
  Times whole, waited, open, program, collect, close;
  void print(const char* what) {
    std::cout << what << ": n=" << whole.micros.size() << ' ' << whole.summary() << '\n';
    if (!program.micros.empty())
      std::cout << "box   waited (all but the program): " << waited.summary() << '\n';
    std::cout << "box   part open: " << open.summary() << '\n';
    if (!program.micros.empty()) std::cout << "box   part program: " << program.summary() << '\n';
    std::cout << "box   part collect: " << collect.summary() << '\n';
    std::cout << "box   part close: " << close.summary() << '\n';
  }
};

double since(exec::Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(exec::Clock::now() - start).count();
}

// One run as the session makes it: (cgroup,) box, (program,) audit, close.
// The program: none, `exit_with 0`, or a test that lasts `sleep 0.02`.
enum class Program { none, exit_0, sleep_20ms };

void one_run(Isolation& isolation, const Scratch& scratch, Program program, bool cgroup,
             Phases& phases) {
  boost::asio::io_context io;
  BoxConfig config;
  config.scratch = scratch.path();
  config.visible = {IPCGRADE_TEST_HELPERS};
  std::string error;
  auto start = exec::Clock::now();
  const auto whole = start;
  std::unique_ptr<TestCgroup> group;
  if (cgroup) {
    group = TestCgroup::create({64, 256 << 20}, error);
    REQUIRE(group);
    config.cgroup_procs = group->procs_files();
  }
  auto box = isolation.open(io, config, error);
  INFO(error);
  REQUIRE(box);
  phases.open.add(since(start));
  double ran = 0;
  if (program != Program::none) {
    start = exec::Clock::now();
    Recorder recorder;
    exec::LaunchRequest request = request_for("exit_with", {"0"});
    if (program == Program::sleep_20ms) {
      request.exe = "/bin/sleep";
      request.argv = {"sleep", "0.02"};
    }
    auto child = box->launcher().launch(request, recorder, error);
    REQUIRE(child);
    REQUIRE(run_until(io, [&] { return recorder.exit.has_value(); }));
    child.reset();
    ran = since(start);
    phases.program.add(ran);
  }
  start = exec::Clock::now();
  box->collect({});
  phases.collect.add(since(start));
  start = exec::Clock::now();
  box.reset();
  group.reset();
  phases.close.add(since(start));
  phases.whole.add(since(whole));
  phases.waited.add(since(whole) - ran);
}

}  // namespace

TEST_CASE("box cost: open, collect, close", "[.][box-bench]") {
  Isolation* isolation = namespaces();
  if (!isolation) return;
  const int rounds = 200;
  Phases empty, with_program, with_cgroup, longer;
  Scratch scratch;
  const bool cgroups = detect_cgroups().version != CgroupSupport::Version::none;
  for (int i = 0; i < rounds; ++i) one_run(*isolation, scratch, Program::none, false, empty);
  for (int i = 0; i < rounds; ++i)
    one_run(*isolation, scratch, Program::exit_0, false, with_program);
  for (int i = 0; i < rounds; ++i)
    one_run(*isolation, scratch, Program::exit_0, cgroups, with_cgroup);
  for (int i = 0; i < rounds; ++i)
    one_run(*isolation, scratch, Program::sleep_20ms, cgroups, longer);
  empty.print("box open + collect + close");
  with_program.print("box open + exit_with 0 + collect + close");
  with_cgroup.print(cgroups ? "box cgroup + open + exit_with 0 + collect + close + cgroup gone"
                            : "box (no cgroup here) open + exit_with 0 + collect + close");
  longer.print(cgroups ? "box cgroup + open + sleep 0.02 + collect + close + cgroup gone"
                       : "box (no cgroup here) open + sleep 0.02 + collect + close");
}

}  // namespace ipcgrade::box
