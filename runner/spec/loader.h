// Reads suite files into the model. Every mistake in a suite is collected
// as a diagnostic pointing at its source (decisions.md 10); nothing throws
// past this interface.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "spec/model.h"

namespace ipcgrade::spec {

struct Diagnostic {
  SourcePos pos;
  std::string message;
  // "path:line:col: message" (just "path: message" without a line).
  std::string str() const;
};

struct LoadResult {
  std::optional<Suite> suite;  // set only when there is no diagnostic
  std::vector<Diagnostic> diagnostics;  // sorted by position
};

// Loads one suite file (a suite.yaml or any YAML file).
LoadResult load_suite_file(const std::filesystem::path& file);

// Loads YAML text as if read from `file` (tests use this).
LoadResult load_suite_text(const std::string& text, const std::filesystem::path& file);

// Expands command-line SUITE arguments: a suite directory (holding
// suite.yaml), a suite file, or a folder of suite directories. Missing
// paths are diagnostics. The result is sorted and free of duplicates.
std::vector<std::filesystem::path> find_suite_files(const std::vector<std::string>& args,
                                                    std::vector<Diagnostic>& diagnostics);

// Parses "250ms", "5s", "1.5s", "2m" (positive). nullopt when malformed.
std::optional<Duration> parse_duration(const std::string& text);
// Parses "4096", "64KiB", "8MiB", "1GiB". nullopt when malformed.
std::optional<std::uint64_t> parse_size(const std::string& text);
// "SIGUSR1" or "USR1" -> number; nullopt for unknown names and numbers.
std::optional<int> parse_signal(const std::string& text);
// SIGUSR1 -> "SIGUSR1".
std::string signal_name(int signo);

// The variables of spec-format.md that every string may use.
bool is_builtin_variable(const std::string& name);

}  // namespace ipcgrade::spec
