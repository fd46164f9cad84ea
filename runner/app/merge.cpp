#include "app/merge.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>

#include "app/class_results.h"
#include "app/class_summary.h"
#include "app/commands.h"
#include "app/github.h"
#include "app/grade_outputs.h"
#include "app/report_reader.h"
#include "app/reports.h"
#include "app/shard.h"
#include "judge/visible.h"
#include "report/console.h"

namespace ipcgrade {

namespace {

// A refusal, with the message `merge` prints.
struct Refused {
  std::string message;
};

std::string shard_name(const ShardReport& s) {
  return fmt::format("shard {}/{} ({})", s.report.shard->k, s.report.shard->n, s.file);
}

// The plan is the first shard's; every other shard must carry the same.
void check_same_plan(const std::vector<ShardReport>& shards) {
  for (const auto& s : shards)
    if (!s.report.shard)
      throw Refused{
          fmt::format("{} is not the report of a sharded run (it has no \"shard\"); "
                      "merge combines the reports of runs with --shard K/N",
                      s.file)};
  const ShardInfo& first = *shards.front().report.shard;
  for (const auto& s : shards) {
    if (s.report.shard->n != first.n)
      throw Refused{fmt::format("{} and {} split the run differently", shard_name(shards.front()),
                                shard_name(s))};
    if (s.report.shard->planned != first.planned)
      throw Refused{
          fmt::format("{} and {} are shards of different runs (their planned lists "
                      "differ)",
                      shards.front().file, s.file)};
  }
}

// Shards of `grade` plan submission folder names, which cannot hold a
// slash; shards of `run` plan "suite/test", which always do.
bool plans_submissions(const std::vector<std::string>& planned) {
  const auto has_slash = [](const std::string& item) {
    return item.find('/') != std::string::npos;
  };
  if (std::none_of(planned.begin(), planned.end(), has_slash)) {
    for (const auto& name : planned)
      if (name.empty() || name == "." || name == "..")
        throw Refused{
            fmt::format("the planned submission '{}' is not a folder name", visible(name))};
    return !planned.empty();
  }
  if (!std::all_of(planned.begin(), planned.end(), has_slash))
    throw Refused{"the planned list mixes tests (suite/test) and submissions"};
  return false;
}

std::set<std::string> items_of(const RunReport& report, bool is_class) {
  std::set<std::string> items;
  for (const auto& suite : report.suites) {
    if (is_class) items.insert(suite.submission);
    for (const auto& test : suite.tests)
      if (!is_class) items.insert(test_id(suite.suite, test.name));
  }
  return items;
}

void check_items(const std::vector<ShardReport>& shards, bool is_class) {
  const auto& planned = shards.front().report.shard->planned;
  const std::set<std::string> plan(planned.begin(), planned.end());
  const char* what = is_class ? "submission" : "test";
  std::map<int, const ShardReport*> by_k;
  std::map<std::string, const ShardReport*> owner;
  for (const auto& s : shards) {
    auto [it, fresh] = by_k.emplace(s.report.shard->k, &s);
    if (!fresh)
      throw Refused{fmt::format("shards overlap: {} is given twice ({} and {})",
                                fmt::format("shard {}/{}", s.report.shard->k, s.report.shard->n),
                                it->second->file, s.file)};
    for (const auto& item : items_of(s.report, is_class)) {
      if (!plan.count(item))
        throw Refused{fmt::format("{} holds the {} '{}', which the run did not plan", s.file, what,
                                  visible(item))};
      auto [o, first] = owner.emplace(item, &s);
      if (!first)
        throw Refused{fmt::format("shards overlap: the {} '{}' is in both {} and {}", what,
                                  visible(item), shard_name(*o->second), shard_name(s))};
    }
  }
  std::vector<std::string> missing;
  for (const auto& item : planned)
    if (!owner.count(item)) missing.push_back(fmt::format("'{}'", visible(item)));
  if (missing.empty()) return;
  std::vector<std::string> absent;
  for (int k = 1; k <= shards.front().report.shard->n; ++k)
    if (!by_k.count(k)) absent.push_back(std::to_string(k));
  const std::size_t shown = std::min<std::size_t>(missing.size(), 5);
  throw Refused{fmt::format(
      "{} of {} planned {}s are in no shard: {}{}{}", missing.size(), planned.size(), what,
      fmt::join(missing.begin(), missing.begin() + static_cast<std::ptrdiff_t>(shown), ", "),
      missing.size() > shown ? ", ..." : "",
      absent.empty() ? ""
                     : fmt::format(" (shard {} of {} was not given)", fmt::join(absent, ", "),
                                   shards.front().report.shard->n))};
}

// Puts tests (of a run) or submissions (of a class) back in planned order.
void restore_order(RunReport& merged, const std::vector<std::string>& planned, bool is_class) {
  std::map<std::string, std::size_t> position;
  for (std::size_t i = 0; i < planned.size(); ++i) position.emplace(planned[i], i);
  if (is_class) {
    std::stable_sort(merged.suites.begin(), merged.suites.end(), [&](const auto& a, const auto& b) {
      return position.at(a.submission) < position.at(b.submission);
    });
    return;
  }
  for (auto& suite : merged.suites)
    std::stable_sort(suite.tests.begin(), suite.tests.end(), [&](const auto& a, const auto& b) {
      return position.at(test_id(suite.suite, a.name)) < position.at(test_id(suite.suite, b.name));
    });
}

// Suites in the order the shards (from shard 1 on) first list them, each
// holding its tests from every shard.
RunReport combine(const std::vector<const ShardReport*>& shards, bool is_class) {
  RunReport merged;
  merged.isolation = shards.front()->report.isolation;
  std::map<std::pair<std::string, std::string>, std::size_t> index;
  for (const ShardReport* s : shards) {
    if (s->report.isolation != merged.isolation) merged.isolation = "none";
    // Shards run side by side: the run took as long as the slowest.
    merged.duration_ms = std::max(merged.duration_ms, s->report.duration_ms);
    add_unchecked(merged.unchecked, s->report.unchecked);
    for (const auto& suite : s->report.suites) {
      // A run's shards graded one submission, whatever path each machine
      // named it by; a class's suites are told apart by submission.
      const std::string owner = is_class ? suite.submission : std::string();
      auto [it, fresh] = index.try_emplace({owner, suite.suite}, merged.suites.size());
      if (fresh) {
        merged.suites.push_back(suite);
        continue;
      }
      auto& tests = merged.suites[it->second].tests;
      tests.insert(tests.end(), suite.tests.begin(), suite.tests.end());
    }
  }
  restore_order(merged, shards.front()->report.shard->planned, is_class);
  total(merged);
  return merged;
}

}  // namespace

MergeResult merge_shards(const std::vector<ShardReport>& shards) {
  MergeResult result;
  if (shards.empty()) return {std::nullopt, false, "no reports to merge"};
  try {
    check_same_plan(shards);
    result.is_class = plans_submissions(shards.front().report.shard->planned);
    check_items(shards, result.is_class);
  } catch (const Refused& refused) {
    result.error = refused.message;
    return result;
  }
  // Shards are told apart by k alone now: check_items refused repeats.
  std::map<int, const ShardReport*> by_k;
  for (const auto& s : shards) by_k.emplace(s.report.shard->k, &s);
  std::vector<const ShardReport*> ordered;
  for (const auto& [k, s] : by_k) ordered.push_back(s);
  result.report = combine(ordered, result.is_class);
  return result;
}

namespace {

// Writes what the merged run asks for: a run's reports, or a class's four
// outputs and its reports. False when one could not be written.
bool write_merged(const MergeResult& merged, const CommandLine& command) {
  const RunReport& report = *merged.report;
  bool written = write_reports(report, command.reports);
  if (!merged.is_class) {
    ConsoleReporter console(std::cout, {false, command.verbosity});
    console.run_finished(report);
    return publish_on_github(report, std::cout) && written;
  }
  written = append_step_summary(class_summary(report)) && written;
  // The four outputs of `grade` unless only some reports were asked for.
  const bool only_reports = command.out_dir.empty() && reports_requested(command.reports);
  const std::string out_dir = command.out_dir.empty() ? "grades" : command.out_dir;
  if (!only_reports)
    written = write_grade_outputs(report, {out_dir, command.after_due_date}) && written;
  std::cout << fmt::format("merged {} submissions{}\n", submission_reports(report).size(),
                           only_reports ? "" : "; wrote " + out_dir + "/");
  return written;
}

}  // namespace

int command_merge(const CommandLine& command) {
  std::vector<ShardReport> shards;
  for (const auto& file : command.merge_inputs) {
    ReadReport read = read_report(file);
    if (!read.report) {
      std::cerr << "merge: " << read.error << "\n";
      return 2;
    }
    shards.push_back({file, std::move(*read.report)});
  }
  MergeResult merged = merge_shards(shards);
  if (!merged.report) {
    std::cerr << "merge: " << merged.error << "\n";
    return 2;
  }
  if (!merged.is_class && !command.out_dir.empty()) {
    std::cerr << "merge: these are shards of `run`; --out DIR is for the shards of `grade` "
                 "(write the merged report with -o F)\n";
    return 2;
  }
  const bool written = write_merged(merged, command);
  return merged.is_class ? grade_exit_status(*merged.report, 0, written)
                         : exit_status(*merged.report, 0, written);
}

}  // namespace ipcgrade
