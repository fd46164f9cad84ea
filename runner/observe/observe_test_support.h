// Shared by the observe tests: cleanup that runs even when a REQUIRE fails,
// names unique to this test process, and lookups in snapshots.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "observe/ipc_objects.h"

namespace ipcgrade::observe::testing {

// Runs `cleanup` when the scope ends, however it ends.
class Cleanup {
 public:
  explicit Cleanup(std::function<void()> cleanup) : cleanup_(std::move(cleanup)) {}
  Cleanup(const Cleanup&) = delete;
  Cleanup& operator=(const Cleanup&) = delete;
  ~Cleanup() {
    if (cleanup_) cleanup_();
  }

 private:
  std::function<void()> cleanup_;
};

// A fresh directory under /tmp, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    char name[] = "/tmp/ipcgrade-observe-XXXXXX";
    path_ = ::mkdtemp(name) ? name : "";
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// "/ipcg-obs-<what>-<pid>": POSIX names no other test process uses.
inline std::string unique_name(const std::string& what) {
  return "/ipcg-obs-" + what + "-" + std::to_string(::getpid());
}

// A System V key of this process; `n` tells several keys apart.
inline long unique_key(int n) { return 0x51000000L + (static_cast<long>(::getpid()) << 4) + n; }

inline std::optional<IpcObject> find_object(const std::vector<IpcObject>& objects,
                                            spec::LeakKind kind, const std::string& name) {
  const auto it = std::find_if(objects.begin(), objects.end(), [&](const IpcObject& object) {
    return object.kind == kind && object.name == name;
  });
  if (it == objects.end()) return std::nullopt;
  return *it;
}

inline std::optional<IpcObject> find_sysv(const std::vector<IpcObject>& objects,
                                          spec::LeakKind kind, long id) {
  const auto it = std::find_if(objects.begin(), objects.end(), [&](const IpcObject& object) {
    return object.kind == kind && object.id == id;
  });
  if (it == objects.end()) return std::nullopt;
  return *it;
}

// Host places with no message queues and no scanned directories.
inline SnapshotPlaces ipc_places() {
  SnapshotPlaces places;
  places.mqueue_unavailable = "not needed by this test";
  return places;
}

}  // namespace ipcgrade::observe::testing
