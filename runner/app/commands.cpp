#include "app/commands.h"

#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "judge/verdict.h"
#include "judge/visible.h"
#include "spec/loader.h"

namespace ipcgrade {

std::optional<std::vector<spec::Suite>> load_suites(const std::vector<std::string>& args) {
  std::vector<spec::Diagnostic> diagnostics;
  std::vector<spec::Suite> suites;
  for (const auto& file : spec::find_suite_files(args, diagnostics)) {
    spec::LoadResult loaded = spec::load_suite_file(file);
    diagnostics.insert(diagnostics.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());
    if (loaded.suite) suites.push_back(std::move(*loaded.suite));
  }
  for (const auto& d : diagnostics) std::cerr << d.str() << "\n";
  if (!diagnostics.empty()) return std::nullopt;
  return suites;
}

int command_validate(const CommandLine& command) {
  auto suites = load_suites(command.suites);
  if (!suites) return 2;
  for (const auto& suite : *suites)
    std::cout << fmt::format("{}: {} tests, ok\n", suite.file.string(), suite.tests.size());
  return 0;
}

int command_list(const CommandLine& command) {
  auto suites = load_suites(command.suites);
  if (!suites) return 2;
  if (command.json_listing) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& suite : *suites)
      for (const auto& test : suite.tests)
        out.push_back({{"suite", suite.id}, {"test", test.name}, {"points", test.points},
                       {"visibility", to_string(test.visibility)}, {"tags", test.tags}});
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (const auto& suite : *suites) {
    std::cout << suite.id << (suite.title.empty() ? "" : ": " + suite.title) << "\n";
    for (const auto& test : suite.tests) {
      std::string tags;
      for (const auto& tag : test.tags) tags += " #" + tag;
      std::cout << fmt::format("  {:>4g}  {}{}{}\n", test.points, visible(test.name),
                               test.visibility == spec::Visibility::visible
                                   ? ""
                                   : fmt::format(" ({})", to_string(test.visibility)),
                               tags);
    }
  }
  return 0;
}

}  // namespace ipcgrade
