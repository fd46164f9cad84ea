// The cost of a box per test (decisions.md 8): made, audited and torn
// down, with and without one trivial program in it. Hidden from the normal
// run; bench/box_cost.sh runs it and prints the numbers.
#include <algorithm>
#include <catch2/catch.hpp>
#include <iostream>
#include <vector>

#include "box/box_test_support.h"

namespace ipcgrade::box {

using namespace box_test;

namespace {

struct Times {
  std::vector<double> micros;
  void print(const char* what) {
    std::sort(micros.begin(), micros.end());
    const auto at = [&](double q) { return micros[static_cast<std::size_t>(q * (micros.size() - 1))]; };
    double sum = 0;
    for (double m : micros) sum += m;
    std::cout << what << ": n=" << micros.size() << " mean=" << sum / micros.size() / 1000
              << " ms p50=" << at(0.5) / 1000 << " ms p90=" << at(0.9) / 1000
              << " ms min=" << micros.front() / 1000 << " ms\n";
  }
};

double since(exec::Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(exec::Clock::now() - start).count();
}

}  // namespace

TEST_CASE("box cost: open, collect, close", "[.][box-bench]") {
  Isolation* isolation = namespaces();
  if (!isolation) return;
  const int rounds = 200;
  Times empty, with_program;
  Scratch scratch;
  for (int i = 0; i < rounds; ++i) {
    boost::asio::io_context io;
    BoxConfig config;
    config.scratch = scratch.path();
    std::string error;
    const auto start = exec::Clock::now();
    auto box = isolation->open(io, config, error);
    REQUIRE(box);
    box->collect({});
    box.reset();
    empty.micros.push_back(since(start));
  }
  for (int i = 0; i < rounds; ++i) {
    boost::asio::io_context io;
    BoxConfig config;
    config.scratch = scratch.path();
    config.visible = {IPCGRADE_TEST_HELPERS};
    std::string error;
    const auto start = exec::Clock::now();
    auto box = isolation->open(io, config, error);
    REQUIRE(box);
    Recorder recorder;
    auto child = box->launcher().launch(request_for("exit_with", {"0"}), recorder, error);
    REQUIRE(child);
    REQUIRE(run_until(io, [&] { return recorder.exit.has_value(); }));
    child.reset();
    box->collect({});
    box.reset();
    with_program.micros.push_back(since(start));
  }
  empty.print("box open + collect + close");
  with_program.print("box open + exit_with 0 + collect + close");
}

}  // namespace ipcgrade::box
