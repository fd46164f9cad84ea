// Builds the programs of a submission (or of the reference) the way
// assignments.md says: `make` when there is a Makefile, else one `cc` per
// program. Always in a copy, so the submission directory is never modified,
// and under the slot's uid when the runner is root (a Makefile is student
// code, decisions.md 1).
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "exec/launcher.h"

namespace ipcgrade::exec {

struct BuildRequest {
  std::filesystem::path source_dir;
  std::filesystem::path work_dir;  // created fresh; the copy and the programs go here
  std::vector<std::string> programs;
  // Sources compiled into every program (the reference's nodump.c).
  std::vector<std::filesystem::path> extra_sources;
  // Folders where a program's NAME.c is looked for when the source folder
  // has none (reference/helpers for test helpers).
  std::vector<std::filesystem::path> fallback_dirs;
  std::chrono::milliseconds timeout{120000};
  std::optional<uid_t> uid;
  std::optional<gid_t> gid;
};

struct ProgramBuild {
  std::filesystem::path exe;          // set when it built
  std::optional<std::string> error;   // compiler or make messages, capped
};

struct BuildResult {
  bool used_make = false;
  std::map<std::string, ProgramBuild> programs;
};

BuildResult build_programs(Launcher& launcher, boost::asio::io_context& io,
                           const BuildRequest& request);

// The same in two steps, for a launcher that needs the work directory
// before it can be made (a box binds it in): the copy into `work_dir`
// (made afresh), which says what went wrong, and the build of what was
// copied.
std::optional<std::string> copy_sources(const BuildRequest& request);
BuildResult build_copied(Launcher& launcher, boost::asio::io_context& io,
                         const BuildRequest& request);
// Every program of `request` failed to build with `error`.
BuildResult failed_build(const BuildRequest& request, const std::string& error);

// The environment every program gets (spec-format.md, "Environment").
std::vector<std::string> clean_environment(const std::filesystem::path& home);

}  // namespace ipcgrade::exec
