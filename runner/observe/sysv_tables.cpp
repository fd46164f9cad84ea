// /proc/sysvipc/{shm,msg,sem}: one header line naming the columns, then one
// line per object, numbers in decimal except `perms` (octal).
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "observe/ipc_readers.h"

namespace ipcgrade::observe {

namespace {

std::vector<std::string> split_words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string word; in >> word;) words.push_back(word);
  return words;
}

// One line of a table, read by column name. A column this kernel does not
// print reads as 0, so that objects are still reported on odd kernels.
class Row {
 public:
  Row(const std::map<std::string, std::size_t>& columns, std::vector<std::string> fields)
      : columns_(columns), fields_(std::move(fields)) {}

  long long number(const char* column, int base = 10) const {
    const auto it = columns_.find(column);
    if (it == columns_.end()) return 0;
    try {
      return std::stoll(fields_[it->second], nullptr, base);
    } catch (const std::exception&) {
      return 0;
    }
  }
  std::uint64_t size(const char* column) const {
    const auto it = columns_.find(column);
    if (it == columns_.end()) return 0;
    try {
      return std::stoull(fields_[it->second]);
    } catch (const std::exception&) {
      return 0;
    }
  }

 private:
  const std::map<std::string, std::size_t>& columns_;
  std::vector<std::string> fields_;
};

// The id column is named after the table: shmid, msqid, semid.
const char* id_column(spec::LeakKind kind) {
  switch (kind) {
    case spec::LeakKind::sysv_msg:
      return "msqid";
    case spec::LeakKind::sysv_sem:
      return "semid";
    default:
      return "shmid";
  }
}

IpcObject object_from(spec::LeakKind kind, const Row& row) {
  IpcObject object;
  object.kind = kind;
  object.key = static_cast<long>(row.number("key"));
  object.name = std::to_string(object.key);
  object.id = static_cast<long>(row.number(id_column(kind)));
  object.mode = static_cast<unsigned>(row.number("perms", 8)) & 0777;
  object.uid = static_cast<uid_t>(row.number("uid"));
  if (kind == spec::LeakKind::sysv_shm) {
    object.bytes = row.size("size");
    object.creator = static_cast<pid_t>(row.number("cpid"));
    object.last_user = static_cast<pid_t>(row.number("lpid"));
    object.nattch = static_cast<int>(row.number("nattch"));
  } else if (kind == spec::LeakKind::sysv_msg) {
    object.bytes = row.size("cbytes");
    object.messages = row.size("qnum");
    object.last_user = static_cast<pid_t>(row.number("lspid"));
    object.last_receiver = static_cast<pid_t>(row.number("lrpid"));
  } else {
    object.nsems = static_cast<int>(row.number("nsems"));
  }
  return object;
}

}  // namespace

std::vector<IpcObject> parse_sysv_table(spec::LeakKind kind, std::istream& table) {
  std::string line;
  if (!std::getline(table, line)) return {};
  std::map<std::string, std::size_t> columns;
  const auto header = split_words(line);
  for (std::size_t i = 0; i < header.size(); ++i) columns[header[i]] = i;

  std::vector<IpcObject> objects;
  while (std::getline(table, line)) {
    auto fields = split_words(line);
    // A line cut short (the table changed while it was read) is skipped.
    if (fields.size() < header.size()) continue;
    objects.push_back(object_from(kind, Row(columns, std::move(fields))));
  }
  return objects;
}

std::vector<IpcObject> read_sysv_objects(const std::string& dir, std::vector<std::string>& errors) {
  static const std::pair<const char*, spec::LeakKind> kTables[] = {
      {"shm", spec::LeakKind::sysv_shm},
      {"msg", spec::LeakKind::sysv_msg},
      {"sem", spec::LeakKind::sysv_sem},
  };
  std::vector<IpcObject> objects;
  for (const auto& [file, kind] : kTables) {
    const std::string path = dir + "/" + file;
    std::ifstream in(path);
    if (!in) {
      errors.push_back(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
      continue;
    }
    auto table = parse_sysv_table(kind, in);
    objects.insert(objects.end(), table.begin(), table.end());
  }
  return objects;
}

}  // namespace ipcgrade::observe
