#include "app/report_reader.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>

namespace ipcgrade {

namespace {

using Json = nlohmann::json;

// A mistake in the report, with the JSON path of the value that is wrong.
struct BadReport : std::runtime_error {
  using std::runtime_error::runtime_error;
};

const Json& field(const Json& object, const char* key, const std::string& where) {
  if (!object.is_object()) throw BadReport(fmt::format("{}: expected an object", where));
  auto it = object.find(key);
  if (it == object.end()) throw BadReport(fmt::format("{}: '{}' is missing", where, key));
  return *it;
}

const Json& list(const Json& object, const char* key, const std::string& where) {
  const Json& v = field(object, key, where);
  if (!v.is_array()) throw BadReport(fmt::format("{}.{}: expected an array", where, key));
  return v;
}

template <typename T>
T value(const Json& object, const char* key, const std::string& where) {
  const Json& v = field(object, key, where);
  try {
    return v.get<T>();
  } catch (const Json::exception&) {
    throw BadReport(fmt::format("{}.{}: has the wrong type ({})", where, key, v.type_name()));
  }
}

std::string optional_text(const Json& object, const char* key, const std::string& where) {
  return object.contains(key) ? value<std::string>(object, key, where) : std::string();
}

// Reads every element of the array `key` with `read`, naming each by its
// JSON path ("suites[0].tests[2]") for messages; the report itself is the
// root of these paths.
template <typename Read>
auto read_list(const Json& object, const char* key, const std::string& where, Read read) {
  const Json& items = list(object, key, where);
  std::vector<decltype(read(items, where))> out;
  const std::string prefix = where == "report" ? key : fmt::format("{}.{}", where, key);
  for (std::size_t i = 0; i < items.size(); ++i)
    out.push_back(read(items[i], fmt::format("{}[{}]", prefix, i)));
  return out;
}

template <typename T, typename Parse>
T named(const Json& object, const char* key, const std::string& where, Parse parse) {
  const auto text = value<std::string>(object, key, where);
  if (auto parsed = parse(text)) return *parsed;
  throw BadReport(fmt::format("{}.{}: unknown value '{}'", where, key, text));
}

std::optional<spec::Visibility> visibility_from(std::string_view name) {
  for (auto v : {spec::Visibility::visible, spec::Visibility::hidden,
                 spec::Visibility::after_due_date, spec::Visibility::after_published})
    if (to_string(v) == name) return v;
  return std::nullopt;
}

Failure read_failure(const Json& j, const std::string& where) {
  Failure f;
  f.kind = named<FailureKind>(j, "kind", where, failure_kind_from);
  f.process = value<std::string>(j, "process", where);
  f.message = value<std::string>(j, "message", where);
  f.diff = optional_text(j, "diff", where);
  return f;
}

ProcessMechanisms read_mechanisms(const Json& j, const std::string& where) {
  ProcessMechanisms p;
  p.process = value<std::string>(j, "process", where);
  p.mechanisms = value<std::map<std::string, std::int64_t>>(j, "mechanisms", where);
  p.calls = value<std::map<std::string, std::int64_t>>(j, "calls", where);
  if (j.contains("notes")) p.notes = value<std::vector<std::string>>(j, "notes", where);
  return p;
}

TestResult read_test(const Json& j, const std::string& where) {
  TestResult t;
  t.name = value<std::string>(j, "name", where);
  t.status = named<Status>(j, "status", where, status_from);
  t.score = value<double>(j, "score", where);
  t.max_score = value<double>(j, "max_score", where);
  t.duration_ms = value<std::int64_t>(j, "duration_ms", where);
  t.runs = value<int>(j, "runs", where);
  t.failed_runs = value<int>(j, "failed_runs", where);
  t.failures = read_list(j, "failures", where, read_failure);
  t.reproduce = optional_text(j, "reproduce", where);
  t.hint = optional_text(j, "hint", where);
  if (j.contains("tags")) t.tags = value<std::vector<std::string>>(j, "tags", where);
  if (j.contains("processes")) t.mechanisms = read_list(j, "processes", where, read_mechanisms);
  if (j.contains("visibility"))
    t.visibility = named<spec::Visibility>(j, "visibility", where, visibility_from);
  return t;
}

SuiteResult read_suite(const Json& j, const std::string& where) {
  SuiteResult s;
  s.suite = value<std::string>(j, "suite", where);
  s.submission = value<std::string>(j, "submission", where);
  s.score = value<double>(j, "score", where);
  s.max_score = value<double>(j, "max_score", where);
  s.tests = read_list(j, "tests", where, read_test);
  return s;
}

RunReport read_run(const Json& j) {
  if (!j.is_object() || !j.contains("ipcgrade"))
    throw BadReport("not an ipcgrade report (no \"ipcgrade\" key)");
  if (value<int>(j, "ipcgrade", "report") != 1)
    throw BadReport("written by a newer ipcgrade (report version is not 1)");
  RunReport r;
  r.isolation = value<std::string>(j, "isolation", "report");
  r.score = value<double>(j, "score", "report");
  r.max_score = value<double>(j, "max_score", "report");
  r.duration_ms = value<std::int64_t>(j, "duration_ms", "report");
  if (j.contains("shard")) {
    const Json& s = j["shard"];
    r.shard = ShardInfo{value<int>(s, "k", "shard"), value<int>(s, "n", "shard"),
                        value<std::vector<std::string>>(s, "planned", "shard")};
  }
  for (const auto& u : j.contains("unchecked") ? list(j, "unchecked", "report") : Json::array())
    r.unchecked.push_back({value<std::string>(u, "check", "unchecked"),
                           value<std::string>(u, "reason", "unchecked")});
  r.suites = read_list(j, "suites", "report", read_suite);
  return r;
}

}  // namespace

ReadReport parse_report(std::string_view json_text) {
  try {
    return {read_run(Json::parse(json_text)), ""};
  } catch (const Json::parse_error& e) {
    return {std::nullopt, fmt::format("not valid JSON: {}", e.what())};
  } catch (const BadReport& e) {
    return {std::nullopt, e.what()};
  }
}

ReadReport read_report(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return {std::nullopt, fmt::format("{}: cannot be read", file.string())};
  std::ostringstream text;
  text << in.rdbuf();
  ReadReport read = parse_report(text.str());
  if (!read.report) read.error = fmt::format("{}: {}", file.string(), read.error);
  return read;
}

}  // namespace ipcgrade
