// `ipcgrade merge`: the reports of a sharded run (or grade) combined into
// the report of the whole run. Shards are checked against the plan they
// all carry (`shard.planned`): the same plan and N everywhere, no test or
// submission in two shards, none missing. Anything else is refused, since
// a merged report that silently lacks a student or a test is worse than
// none.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "judge/verdict.h"

namespace ipcgrade {

struct ShardReport {
  std::string file;  // where it was read from, for messages
  RunReport report;
};

struct MergeResult {
  std::optional<RunReport> report;  // unset: refused, see `error`
  // Whether the shards are of `grade` (their plan lists submissions) rather
  // than of `run` (their plan lists suite/test).
  bool is_class = false;
  std::string error;
};

MergeResult merge_shards(const std::vector<ShardReport>& shards);

}  // namespace ipcgrade
