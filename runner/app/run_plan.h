// What `run` runs: the session options of the command line, narrowed to
// this machine's shard of the plan, with a live progress line.
#pragma once

#include <optional>
#include <vector>

#include "app/options.h"
#include "app/session.h"
#include "report/console.h"
#include "spec/model.h"

namespace ipcgrade {

struct RunPlan {
  SessionOptions options;
  std::optional<ShardInfo> shard;  // for the report; set with --shard
};

// The plan is every test of `suites` that passes --filter, in suite order,
// then test order; --shard K/N keeps its K-th part (shard.h). `console`
// shows `[i/n] suite: test` as each of them starts.
RunPlan plan_run(const CommandLine& command, const std::vector<spec::Suite>& suites,
                 ConsoleReporter& console);

}  // namespace ipcgrade
