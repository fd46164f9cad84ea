// The SUITE arguments of the command line (spec-format.md, "The command
// line"): a suite directory, a suite file, or a folder of suite directories.
#include <algorithm>
#include <system_error>

#include "spec/loader.h"

namespace ipcgrade::spec {
namespace {

namespace fs = std::filesystem;

// Appends the suite.yaml of every folder directly inside `dir`.
bool add_suite_folders(const fs::path& dir, std::vector<fs::path>& out) {
  std::error_code ec;
  bool found = false;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const fs::path file = entry.path() / "suite.yaml";
    if (entry.is_directory(ec) && fs::is_regular_file(file, ec)) {
      out.push_back(file);
      found = true;
    }
  }
  return found;
}

void add_argument(const std::string& arg, std::vector<fs::path>& out,
                  std::vector<Diagnostic>& diagnostics) {
  const fs::path path = fs::path(arg).lexically_normal();
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    out.push_back(path);
  } else if (!fs::is_directory(path, ec)) {
    diagnostics.push_back({{arg, 0, 0}, "no such suite file or directory"});
  } else if (fs::is_regular_file(path / "suite.yaml", ec)) {
    out.push_back(path / "suite.yaml");
  } else if (!add_suite_folders(path, out)) {
    diagnostics.push_back({{arg, 0, 0}, "no suite.yaml in this folder or the folders inside it"});
  }
}

}  // namespace

std::vector<fs::path> find_suite_files(const std::vector<std::string>& args,
                                       std::vector<Diagnostic>& diagnostics) {
  std::vector<fs::path> files;
  for (const std::string& arg : args) add_argument(arg, files, diagnostics);
  std::sort(files.begin(), files.end());
  // The same suite may be named twice by different spellings of its path.
  std::vector<fs::path> unique;
  std::vector<fs::path> seen;
  for (const fs::path& file : files) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(file, ec);
    if (std::find(seen.begin(), seen.end(), canonical) != seen.end()) continue;
    seen.push_back(canonical);
    unique.push_back(file);
  }
  return unique;
}

}  // namespace ipcgrade::spec
