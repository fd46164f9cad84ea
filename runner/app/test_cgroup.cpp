#include "app/test_cgroup.h"

#include "exec/scenario.h"

namespace ipcgrade {

std::unique_ptr<box::TestCgroup> open_test_cgroup(const spec::Suite& suite, std::string& error) {
  if (box::detect_cgroups().version == box::CgroupSupport::Version::none) return nullptr;
  const exec::EffectiveLimits limits = exec::effective_limits(suite.defaults.limits, true);
  return box::TestCgroup::create({limits.processes, limits.memory}, error);
}

LimitsHit limits_hit(const box::TestCgroup* cgroup) {
  LimitsHit hit;
  if (!cgroup) return hit;
  hit.memory = cgroup->memory_limit_hit();
  hit.memory_limit = cgroup->limits().memory;
  hit.processes = cgroup->pids_limit_hit();
  hit.processes_limit = cgroup->limits().processes;
  return hit;
}

}  // namespace ipcgrade
