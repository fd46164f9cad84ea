// A scenario run in a box: its `exists` and `listening` conditions look
// at the box's files and sockets, which the host does not see.
#include <catch2/catch.hpp>

#include "box/box_test_support.h"
#include "exec/probes.h"
#include "exec/scenario.h"
#include "spec/loader.h"

namespace ipcgrade::box {

using namespace box_test;

TEST_CASE("exists and listening conditions look into the box", "[box]") {
  Isolation* isolation = namespaces();
  if (!isolation) return;
  if (exec::is_listening("tcp:8080") || exec::path_exists("/tmp/leak_fifo"))
    WARN("the host has tcp:8080 or /tmp/leak_fifo: this test proves less");
  auto loaded = spec::load_suite_text(
      "programs: [claim_ipc, leak_ipc, exit_with]\n"
      "tests:\n"
      "  - name: probes\n"
      "    timeout: 10s\n"
      "    processes:\n"
      "      server:\n"
      "        run: claim_ipc 4321 /probe 8080\n"
      "        stdin: [{wait_for: {exited: fifo_waiter}}, close]\n"
      "      socket_waiter: {run: exit_with 0, start: {when: {listening: 'tcp:8080'}}}\n"
      "      leaker: {run: leak_ipc 4322, start: {after_exit: socket_waiter}}\n"
      "      fifo_waiter: {run: exit_with 0, start: {when: {exists: /tmp/leak_fifo}}}\n",
      "/suites/box/suite.yaml");
  for (const auto& d : loaded.diagnostics) FAIL(d.str());
  Box box(*isolation);
  REQUIRE(box.box);
  exec::TestEnvironment env;
  env.scratch = box.scratch.path();
  env.vars = {{"scratch", env.scratch.string()}};
  env.resolve = [](const std::string& name, bool) {
    return exec::ResolvedProgram{helper(name), std::nullopt, FailureKind::exit};
  };
  env.uid = 60000;
  env.gid = 60000;
  env.root = box.box->root();
  env.proc_net = box.box->proc_net();
  bool interrupted = false;
  const exec::ScenarioResult result = exec::run_scenario(
      box.io, box.box->launcher(), *loaded.suite, loaded.suite->tests.front(), env, interrupted);
  CHECK_FALSE(result.test_timed_out);
  CHECK(result.failures.empty());
  for (const auto& process : result.processes) CHECK_FALSE(process.not_started);
  CHECK(box.box->collect({}).objects.size() == 5);  // leak_ipc's five
}

}  // namespace ipcgrade::box
