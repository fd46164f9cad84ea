// Sharding (spec-format.md, `--shard K/N`): one run spread over N machines,
// each running a deterministic K-th of the planned items (the tests of a
// run, or the submissions of `grade`), and `ipcgrade merge` combining them.
//
// Item i (0-based) of the planned list goes to shard (i mod N) + 1. Round
// robin rather than a hash of the name: shards then differ by at most one
// item, and the neighbouring tests of a suite, which often cost alike,
// spread over every shard instead of piling up on one.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "spec/model.h"

namespace ipcgrade {

struct ShardSpec {
  int k = 1;  // 1-based
  int n = 1;
};

// Parses "K/N" with 1 <= K <= N; on a mistake, the message to print.
std::variant<ShardSpec, std::string> parse_shard(std::string_view text);

// Whether the planned item at `index` (0-based) belongs to `shard`.
bool in_shard(std::size_t index, const ShardSpec& shard);

// The items of `planned` that `shard` runs, in planned order.
std::vector<std::string> shard_items(const std::vector<std::string>& planned,
                                     const ShardSpec& shard);

// How reports name a test across suites: "suite/test".
std::string test_id(std::string_view suite, std::string_view test);

// Every test a run of `suites` would run with this `--filter` (empty: all),
// in suite order, then test order.
std::vector<std::string> planned_tests(const std::vector<spec::Suite>& suites,
                                       const std::string& filter);

}  // namespace ipcgrade
