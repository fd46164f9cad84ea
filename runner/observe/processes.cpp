#include "observe/processes.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <sstream>

#include <fmt/format.h>

namespace ipcgrade::observe {

namespace {

// Long command lines are cut so that one runaway process cannot flood a
// report.
constexpr std::size_t kMaxCommand = 120;

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> split_nul(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\0', start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return parts;
}

// "Uid:\treal\teffective\tsaved\tfs" in /proc/PID/status. The owner of
// /proc/PID is not used: it turns to root for non-dumpable processes.
std::optional<uid_t> real_uid(const std::string& status_path) {
  std::ifstream in(status_path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("Uid:", 0) != 0) continue;
    std::istringstream fields(line.substr(4));
    unsigned long uid = 0;
    if (fields >> uid) return static_cast<uid_t>(uid);
  }
  return std::nullopt;
}

bool all_digits(const std::string& name) {
  return !name.empty() &&
         std::all_of(name.begin(), name.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::vector<ProcessInfo> processes_where(const std::function<bool(const ProcessInfo&)>& keep) {
  auto all = all_processes();
  std::erase_if(all, [&](const ProcessInfo& process) { return !keep(process); });
  return all;
}

}  // namespace

std::string ProcessInfo::command() const {
  std::string text;
  for (const auto& arg : argv) text += (text.empty() ? "" : " ") + arg;
  if (text.empty()) text = comm;
  if (text.size() > kMaxCommand) text = text.substr(0, kMaxCommand) + "...";
  return text;
}

std::optional<ProcessInfo> parse_proc_stat(const std::string& line) {
  const auto open = line.find('(');
  const auto close = line.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return std::nullopt;
  ProcessInfo info;
  info.comm = line.substr(open + 1, close - open - 1);
  std::istringstream head(line.substr(0, open));
  std::istringstream rest(line.substr(close + 1));
  long pid = 0, ppid = 0, pgid = 0, sid = 0;
  if (!(head >> pid) || !(rest >> info.state >> ppid >> pgid >> sid)) return std::nullopt;
  info.pid = static_cast<pid_t>(pid);
  info.ppid = static_cast<pid_t>(ppid);
  info.pgid = static_cast<pid_t>(pgid);
  info.sid = static_cast<pid_t>(sid);
  // starttime is field 22; sid was field 6, so skip fields 7 to 21.
  std::string skipped;
  for (int field = 7; field <= 21; ++field) rest >> skipped;
  rest >> info.start_ticks;
  return info;
}

std::optional<ProcessInfo> read_process(pid_t pid, const std::string& proc) {
  const std::string dir = fmt::format("{}/{}", proc, pid);
  std::string stat_line;
  std::ifstream stat(dir + "/stat");
  if (!std::getline(stat, stat_line)) return std::nullopt;
  auto info = parse_proc_stat(stat_line);
  if (!info) return std::nullopt;
  const auto uid = real_uid(dir + "/status");
  if (!uid) return std::nullopt;
  info->uid = *uid;
  info->argv = split_nul(read_all(dir + "/cmdline"));
  return info;
}

std::vector<ProcessInfo> all_processes(const std::string& proc) {
  std::vector<ProcessInfo> found;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(proc, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!all_digits(name)) continue;
    // A process that exits while we look is simply not listed.
    if (auto info = read_process(static_cast<pid_t>(std::stol(name)), proc))
      found.push_back(std::move(*info));
  }
  std::sort(found.begin(), found.end(),
            [](const ProcessInfo& a, const ProcessInfo& b) { return a.pid < b.pid; });
  return found;
}

std::vector<ProcessInfo> processes_of(uid_t uid) {
  return processes_where([uid](const ProcessInfo& p) { return p.uid == uid; });
}

std::vector<ProcessInfo> processes_in_session(pid_t sid) {
  return processes_where([sid](const ProcessInfo& p) { return p.sid == sid; });
}

std::vector<ProcessInfo> processes_in_group(pid_t pgid) {
  return processes_where([pgid](const ProcessInfo& p) { return p.pgid == pgid; });
}

std::string namespace_of(pid_t pid, const char* type) {
  std::error_code ec;
  auto target = std::filesystem::read_symlink(fmt::format("/proc/{}/ns/{}", pid, type), ec);
  return ec ? std::string() : target.string();
}

std::size_t count_sharing_namespace(pid_t member, const char* type) {
  const std::string ns = namespace_of(member, type);
  if (ns.empty()) return 0;
  std::size_t count = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (all_digits(name) && namespace_of(std::stoi(name), type) == ns) ++count;
  }
  return count;
}

std::string process_message(const ProcessInfo& process, const std::string& started_by) {
  const std::string by = started_by.empty() ? "" : fmt::format(" (started by {})", started_by);
  if (process.zombie())
    return fmt::format(
        "zombie process '{}'{} was never reaped — its parent must wait() or waitpid() for it",
        process.command(), by);
  return fmt::format(
      "process '{}'{} was still running after the test (it was killed) — every process a "
      "program starts must end, and be waited for, before the program exits",
      process.command(), by);
}

}  // namespace ipcgrade::observe
