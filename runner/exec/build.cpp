#include "exec/build.h"

#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "exec/command.h"

namespace ipcgrade::exec {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMessageCap = 4096;

std::string cap_output(const std::string& output) {
  if (output.size() <= kMessageCap) return output;
  return output.substr(0, kMessageCap) +
         fmt::format("\n... ({} more bytes of messages)", output.size() - kMessageCap);
}

void give_to(const fs::path& dir, const BuildRequest& request) {
  if (!request.uid) return;
  std::error_code ec;
  (void)::chown(dir.c_str(), *request.uid, *request.gid);
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec))
    (void)::lchown(entry.path().c_str(), *request.uid, *request.gid);
}

LaunchRequest tool_request(const BuildRequest& request, std::vector<std::string> argv) {
  LaunchRequest launch;
  launch.exe = argv[0];
  launch.argv = std::move(argv);
  launch.env = clean_environment(request.work_dir);
  launch.cwd = request.work_dir;
  launch.uid = request.uid;
  launch.gid = request.gid;
  launch.limits.file_size = 256ull << 20;
  launch.limits.cpu_seconds = static_cast<std::uint64_t>(request.timeout.count() / 1000 + 1);
  return launch;
}

std::string failure_message(const CommandResult& r, const std::string& what) {
  if (r.launch_error) return *r.launch_error;
  if (r.timed_out) return what + " did not finish in time and was stopped";
  return what + " failed:\n" + cap_output(r.output);
}

void build_with_make(Launcher& launcher, boost::asio::io_context& io,
                     const BuildRequest& request, BuildResult& result) {
  result.used_make = true;
  const CommandResult r =
      run_command(launcher, io, tool_request(request, {"/usr/bin/make"}), request.timeout);
  for (const auto& name : request.programs) {
    auto& program = result.programs[name];
    const fs::path exe = request.work_dir / name;
    if (!r.succeeded())
      program.error = failure_message(r, "make");
    else if (::access(exe.c_str(), X_OK) != 0)
      program.error = fmt::format("make succeeded but did not produce the program {}", name);
    else
      program.exe = exe;
  }
}

void build_with_cc(Launcher& launcher, boost::asio::io_context& io,
                   const BuildRequest& request, BuildResult& result) {
  for (const auto& name : request.programs) {
    auto& program = result.programs[name];
    if (!fs::exists(request.work_dir / (name + ".c"))) {
      program.error = fmt::format("there is no {}.c (and no Makefile) to build {} from", name, name);
      continue;
    }
    std::vector<std::string> argv{"/usr/bin/cc", "-std=gnu11", "-O2", "-Wall", "-o", name,
                                  name + ".c"};
    for (const auto& extra : request.extra_sources) argv.push_back(extra.filename().string());
    argv.insert(argv.end(), {"-lrt", "-pthread"});
    const CommandResult r = run_command(launcher, io, tool_request(request, argv), request.timeout);
    if (r.succeeded())
      program.exe = request.work_dir / name;
    else
      program.error = failure_message(r, "cc " + name + ".c");
  }
}

}  // namespace

std::vector<std::string> clean_environment(const fs::path& home) {
  return {"PATH=/usr/local/bin:/usr/bin:/bin", "HOME=" + home.string(), "TMPDIR=/tmp",
          "LANG=C.UTF-8", "TERM=dumb"};
}

std::optional<std::string> copy_sources(const BuildRequest& request) {
  std::error_code ec;
  fs::remove_all(request.work_dir, ec);
  fs::create_directories(request.work_dir, ec);
  if (ec) return "cannot create " + request.work_dir.string() + ": " + ec.message();
  fs::copy(request.source_dir, request.work_dir,
           fs::copy_options::recursive | fs::copy_options::copy_symlinks, ec);
  if (ec) return "cannot copy " + request.source_dir.string() + ": " + ec.message();
  for (const auto& name : request.programs) {
    if (fs::exists(request.work_dir / (name + ".c"))) continue;
    for (const auto& dir : request.fallback_dirs)
      if (fs::exists(dir / (name + ".c"))) {
        fs::copy_file(dir / (name + ".c"), request.work_dir / (name + ".c"), ec);
        break;
      }
  }
  for (const auto& extra : request.extra_sources) {
    fs::copy_file(extra, request.work_dir / extra.filename(),
                  fs::copy_options::overwrite_existing, ec);
    if (ec) return "cannot copy " + extra.string() + ": " + ec.message();
  }
  give_to(request.work_dir, request);
  return std::nullopt;
}

BuildResult failed_build(const BuildRequest& request, const std::string& error) {
  BuildResult result;
  for (const auto& name : request.programs) result.programs[name].error = error;
  return result;
}

BuildResult build_programs(Launcher& launcher, boost::asio::io_context& io,
                           const BuildRequest& request) {
  if (auto error = copy_sources(request)) return failed_build(request, *error);
  return build_copied(launcher, io, request);
}

BuildResult build_copied(Launcher& launcher, boost::asio::io_context& io,
                         const BuildRequest& request) {
  BuildResult result;
  if (fs::exists(request.work_dir / "Makefile") || fs::exists(request.work_dir / "makefile"))
    build_with_make(launcher, io, request, result);
  else
    build_with_cc(launcher, io, request, result);
  return result;
}

}  // namespace ipcgrade::exec
