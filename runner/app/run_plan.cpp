#include "app/run_plan.h"

#include <set>

#include "app/reports.h"
#include "app/shard.h"

namespace ipcgrade {

RunPlan plan_run(const CommandLine& command, const std::vector<spec::Suite>& suites,
                 ConsoleReporter& console) {
  RunPlan plan{session_options(command), std::nullopt};
  std::vector<std::string> tests = planned_tests(suites, command.filter);
  if (command.shard) {
    plan.shard = ShardInfo{command.shard->k, command.shard->n, tests};
    tests = shard_items(tests, *command.shard);
    plan.options.select = [ids = std::set<std::string>(tests.begin(), tests.end())](
                              const spec::Suite& suite, const spec::TestSpec& test) {
      return ids.count(test_id(suite.id, test.name)) > 0;
    };
  }
  plan.options.on_test_started = [&console, total = static_cast<int>(tests.size()), index = 0](
                                     const spec::Suite& suite, const spec::TestSpec& test) mutable {
    SuiteResult shown;
    shown.suite = suite.id;
    shown.title = suite.title;
    console.test_started(shown, test.name, ++index, total);
  };
  return plan;
}

}  // namespace ipcgrade
