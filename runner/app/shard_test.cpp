// Sharding: the K/N syntax, the round-robin split, and the plan it splits.
#include "app/shard.h"

#include <catch2/catch.hpp>
#include <set>

using namespace ipcgrade;

namespace {

spec::Suite suite_of(const std::string& id, std::vector<std::string> tests) {
  spec::Suite suite;
  suite.id = id;
  for (auto& name : tests) {
    spec::TestSpec test;
    test.name = std::move(name);
    suite.tests.push_back(std::move(test));
  }
  return suite;
}

}  // namespace

TEST_CASE("the shard option takes K/N with 1 <= K <= N", "[app]") {
  const auto ok = parse_shard("2/4");
  REQUIRE(std::holds_alternative<ShardSpec>(ok));
  CHECK(std::get<ShardSpec>(ok).k == 2);
  CHECK(std::get<ShardSpec>(ok).n == 4);
  CHECK(std::get<ShardSpec>(parse_shard("1/1")).n == 1);
  for (const char* bad : {"0/4", "5/4", "2", "2/", "/4", "-1/4", "+1/4", " 1/4", "1/4 ", "1.0/4",
                          "a/b", "1/4/2", "", "1/9999999999"}) {
    INFO(bad);
    REQUIRE(std::holds_alternative<std::string>(parse_shard(bad)));
  }
  CHECK(std::get<std::string>(parse_shard("5/4")) ==
        "--shard must be K/N with 1 <= K <= N, e.g. 2/4; got '5/4'");
}

TEST_CASE("item i goes to shard (i mod N) + 1", "[app]") {
  const std::vector<std::string> planned{"a", "b", "c", "d", "e", "f", "g"};
  CHECK(shard_items(planned, {1, 3}) == std::vector<std::string>{"a", "d", "g"});
  CHECK(shard_items(planned, {2, 3}) == std::vector<std::string>{"b", "e"});
  CHECK(shard_items(planned, {3, 3}) == std::vector<std::string>{"c", "f"});
  CHECK(shard_items(planned, {1, 1}) == planned);
  CHECK(shard_items({"a", "b"}, {4, 4}).empty());  // more shards than items
  CHECK(in_shard(6, {1, 3}));
  CHECK_FALSE(in_shard(6, {2, 3}));
}

TEST_CASE("the shards of a plan cover it once, sizes differing by at most one", "[app]") {
  std::vector<std::string> planned;
  for (int i = 0; i < 23; ++i) planned.push_back("t" + std::to_string(i));
  for (int n = 1; n <= 6; ++n) {
    std::multiset<std::string> seen;
    std::size_t smallest = planned.size(), largest = 0;
    for (int k = 1; k <= n; ++k) {
      const auto items = shard_items(planned, {k, n});
      seen.insert(items.begin(), items.end());
      smallest = std::min(smallest, items.size());
      largest = std::max(largest, items.size());
    }
    CHECK(seen == std::multiset<std::string>(planned.begin(), planned.end()));
    CHECK(largest - smallest <= 1);
  }
}

TEST_CASE("the plan is every test that passes the filter, in suite then test order", "[app]") {
  const std::vector<spec::Suite> suites{suite_of("pipes", {"relay", "big relay"}),
                                        suite_of("fifo", {"relay", "cleanup"})};
  CHECK(planned_tests(suites, "") ==
        std::vector<std::string>{"pipes/relay", "pipes/big relay", "fifo/relay", "fifo/cleanup"});
  CHECK(planned_tests(suites, "^relay") == std::vector<std::string>{"pipes/relay", "fifo/relay"});
  CHECK(test_id("msgq-sysv", "round trip") == "msgq-sysv/round trip");
}
