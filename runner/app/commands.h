// The subcommands besides `run`, each a small pipeline of its own.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "app/options.h"
#include "spec/model.h"

namespace ipcgrade {

// Loads every suite named on the command line. Prints every diagnostic of
// every suite to stderr and returns nullopt when there is one.
std::optional<std::vector<spec::Suite>> load_suites(const std::vector<std::string>& args);

int command_validate(const CommandLine& command);
int command_list(const CommandLine& command);
int command_selftest(const CommandLine& command);
int command_grade(const CommandLine& command);  // grade.cpp
int command_merge(const CommandLine& command);  // merge.cpp

}  // namespace ipcgrade
