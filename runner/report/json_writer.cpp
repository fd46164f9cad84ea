// The JSON report of spec-format.md, "The JSON report": documented keys in
// the documented order, then this tool's extensions (diff, hint, tags,
// visibility), which a reader of the documented schema can ignore.
#include <nlohmann/json.hpp>

#include "judge/visible.h"
#include "report/formats.h"
#include "report/json_points.h"

namespace ipcgrade {

namespace {

// Ordered, because the documented key order is part of the contract and
// people diff these files.
using Json = nlohmann::ordered_json;

Json shard_json(const ShardInfo& shard) {
  Json planned = Json::array();
  for (const auto& id : shard.planned) planned.push_back(visible(id));
  return Json{{"k", shard.k}, {"n", shard.n}, {"planned", std::move(planned)}};
}

Json unchecked_json(const std::vector<Unchecked>& unchecked) {
  Json list = Json::array();
  for (const auto& u : unchecked)
    list.push_back(Json{{"check", visible(u.check)}, {"reason", visible(u.reason)}});
  return list;
}

Json failure_json(const Failure& failure) {
  Json f{{"kind", to_string(failure.kind)},
         {"process", visible(failure.process)},
         {"message", visible(failure.message)}};
  if (!failure.diff.empty()) f["diff"] = visible(failure.diff);
  return f;
}

// Mechanism evidence per process: {"process": "sender", "mechanisms":
// {"sysv_msg": 3}, "calls": {"msgsnd": 3}}, only for tests that asked.
Json processes_json(const std::vector<ProcessMechanisms>& seen) {
  Json list = Json::array();
  for (const auto& p : seen) {
    Json mechanisms = Json::object();
    for (const auto& [name, count] : p.mechanisms) mechanisms[name] = count;
    Json calls = Json::object();
    for (const auto& [name, count] : p.calls) calls[name] = count;
    Json entry{{"process", visible(p.process)}, {"mechanisms", mechanisms}, {"calls", calls}};
    if (!p.notes.empty()) entry["notes"] = p.notes;
    list.push_back(std::move(entry));
  }
  return list;
}

Json test_json(const TestResult& test) {
  Json failures = Json::array();
  for (const auto& failure : test.failures) failures.push_back(failure_json(failure));
  Json t{{"name", visible(test.name)},       {"status", to_string(test.status)},
         {"score", json_points(test.score)}, {"max_score", json_points(test.max_score)},
         {"duration_ms", test.duration_ms},  {"runs", test.runs},
         {"failed_runs", test.failed_runs},  {"failures", std::move(failures)}};
  if (test.status != Status::pass) t["reproduce"] = visible(test.reproduce);
  if (!test.hint.empty()) t["hint"] = visible(test.hint);
  if (!test.mechanisms.empty()) t["processes"] = processes_json(test.mechanisms);
  Json tags = Json::array();
  for (const auto& tag : test.tags) tags.push_back(visible(tag));
  t["tags"] = std::move(tags);
  t["visibility"] = to_string(test.visibility);
  return t;
}

Json suite_json(const SuiteResult& suite) {
  Json tests = Json::array();
  for (const auto& test : suite.tests) tests.push_back(test_json(test));
  return Json{{"suite", visible(suite.suite)},
              {"submission", visible(suite.submission)},
              {"score", json_points(suite.score)},
              {"max_score", json_points(suite.max_score)},
              {"tests", std::move(tests)}};
}

Json report_json(const RunReport& report) {
  Json r{{"ipcgrade", 1},
         {"isolation", visible(report.isolation)},
         {"score", json_points(report.score)},
         {"max_score", json_points(report.max_score)},
         {"duration_ms", report.duration_ms}};
  if (report.shard) r["shard"] = shard_json(*report.shard);
  r["unchecked"] = unchecked_json(report.unchecked);
  Json suites = Json::array();
  for (const auto& suite : report.suites) suites.push_back(suite_json(suite));
  r["suites"] = std::move(suites);
  return r;
}

class JsonWriter final : public ReportWriter {
 public:
  void write(const RunReport& report, std::ostream& out) const override {
    out << report_json(report).dump(2) << '\n';
  }
};

}  // namespace

std::unique_ptr<ReportWriter> make_json_writer(WriterOptions) {
  return std::make_unique<JsonWriter>();
}

}  // namespace ipcgrade
