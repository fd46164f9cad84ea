// merge: what it refuses, and how shards combine; the JSON report read back.
#include "app/merge.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "app/report_reader.h"
#include "report/report_test_support.h"
#include "report/writer.h"

using namespace ipcgrade;

namespace {

TestResult passed(const std::string& name) {
  TestResult t;
  t.name = name;
  settle(t);
  return t;
}

// Shard k of n of a run of suites a (tests 1, 2, 3) and b (test 4): round
// robin over a/1 a/2 a/3 b/4, every suite listed even when empty.
ShardReport run_shard(int k, int n) {
  const std::vector<std::pair<std::string, std::string>> plan{
      {"a", "1"}, {"a", "2"}, {"a", "3"}, {"b", "4"}};
  RunReport r;
  r.shard = ShardInfo{k, n, {"a/1", "a/2", "a/3", "b/4"}};
  r.suites = {{"a", "", "sub", 0, 0, {}}, {"b", "", "sub", 0, 0, {}}};
  for (std::size_t i = 0; i < plan.size(); ++i)
    if (static_cast<int>(i) % n + 1 == k)
      r.suites[plan[i].first == "a" ? 0 : 1].tests.push_back(passed(plan[i].second));
  total(r);
  return {"shard" + std::to_string(k) + ".json", r};
}

ShardReport class_shard(int k, std::vector<std::string> names) {
  RunReport r;
  r.shard = ShardInfo{k, 2, {"ann", "bob", "cy"}};
  for (const auto& name : names) r.suites.push_back({"a", "", name, 0, 0, {passed("1")}});
  total(r);
  return {"class" + std::to_string(k) + ".json", r};
}

std::string json_of(const RunReport& report) {
  std::ostringstream out;
  make_writer("json")->write(report, out);
  return out.str();
}

}  // namespace

TEST_CASE("shards of a run merge back into suite and test order", "[app]") {
  const MergeResult merged = merge_shards({run_shard(3, 3), run_shard(1, 3), run_shard(2, 3)});
  REQUIRE(merged.report);
  CHECK_FALSE(merged.is_class);
  CHECK_FALSE(merged.report->shard);
  REQUIRE(merged.report->suites.size() == 2);
  std::vector<std::string> names;
  for (const auto& t : merged.report->suites[0].tests) names.push_back(t.name);
  CHECK(names == std::vector<std::string>{"1", "2", "3"});
  CHECK(merged.report->suites[1].tests.at(0).name == "4");
  CHECK(merged.report->score == 4);
  CHECK(merged.report->max_score == 4);
}

TEST_CASE("shards of a grade merge back into submission order", "[app]") {
  const MergeResult merged = merge_shards({class_shard(2, {"bob"}), class_shard(1, {"ann", "cy"})});
  REQUIRE(merged.report);
  CHECK(merged.is_class);
  REQUIRE(merged.report->suites.size() == 3);
  CHECK(merged.report->suites[0].submission == "ann");
  CHECK(merged.report->suites[1].submission == "bob");
  CHECK(merged.report->suites[2].submission == "cy");
}

TEST_CASE("merge refuses overlapping, missing, foreign and unsharded reports", "[app]") {
  auto refused = [](std::vector<ShardReport> shards) {
    const MergeResult merged = merge_shards(shards);
    CHECK_FALSE(merged.report);
    return merged.error;
  };
  CHECK(refused({run_shard(1, 2), run_shard(1, 2)}) ==
        "shards overlap: shard 1/2 is given twice (shard1.json and shard1.json)");
  ShardReport relabelled = run_shard(1, 2);
  relabelled.report.shard->k = 2;
  relabelled.file = "other.json";
  CHECK(refused({run_shard(1, 2), relabelled}) ==
        "shards overlap: the test 'a/1' is in both shard 1/2 (shard1.json) and shard 2/2 "
        "(other.json)");
  CHECK(refused({run_shard(1, 3), run_shard(3, 3)}) ==
        "1 of 4 planned tests are in no shard: 'a/2' (shard 2 of 3 was not given)");
  CHECK(refused({class_shard(1, {"ann", "cy"})}) ==
        "1 of 3 planned submissions are in no shard: 'bob' (shard 2 of 2 was not given)");
  CHECK(refused({run_shard(1, 2), run_shard(2, 3)}) ==
        "shard 1/2 (shard1.json) and shard 2/3 (shard2.json) split the run differently");
  ShardReport stranger = run_shard(2, 2);
  stranger.report.shard->planned.push_back("c/5");
  CHECK(refused({run_shard(1, 2), stranger}) ==
        "shard1.json and shard2.json are shards of different runs (their planned lists differ)");
  ShardReport extra = class_shard(2, {"bob", "eve"});
  CHECK(refused({class_shard(1, {"ann", "cy"}), extra}) ==
        "class2.json holds the submission 'eve', which the run did not plan");
  ShardReport whole = run_shard(1, 1);
  whole.report.shard.reset();
  CHECK(refused({whole}) ==
        "shard1.json is not the report of a sharded run (it has no \"shard\"); merge combines "
        "the reports of runs with --shard K/N");
}

TEST_CASE("a JSON report reads back into the same report", "[app]") {
  const RunReport sample = report_test::sample_report();
  const ReadReport read = parse_report(json_of(sample));
  REQUIRE(read.report);
  CHECK(json_of(*read.report) == json_of(sample));
  CHECK(read.report->suites[0].tests[0].tags == std::vector<std::string>{"basic"});
}

TEST_CASE("a report that is not one is refused with where it is wrong", "[app]") {
  CHECK(parse_report("{}").error == "not an ipcgrade report (no \"ipcgrade\" key)");
  CHECK(parse_report("[1,").error.rfind("not valid JSON: ", 0) == 0);
  CHECK(parse_report(R"({"ipcgrade": 1, "isolation": "none", "score": 0, "max_score": 0,
                         "duration_ms": 0, "suites": [{"suite": "a", "submission": "s",
                         "score": 0, "max_score": 1, "tests": [{"name": "t"}]}]})")
            .error == "suites[0].tests[0]: 'status' is missing");
  CHECK(parse_report(R"({"ipcgrade": 1, "isolation": "none", "score": 0, "max_score": 0,
                         "duration_ms": 0, "suites": [{"suite": "a", "submission": "s",
                         "score": "x", "max_score": 1, "tests": []}]})")
            .error == "suites[0].score: has the wrong type (string)");
}
