// One run's cgroup (decisions.md 3): made from the suite's limits before
// the run, joined by every program of the run, asked afterwards which limit
// the test hit, and emptied before the next run.
#pragma once

#include <memory>
#include <string>

#include "box/cgroup.h"
#include "judge/limit_check.h"
#include "spec/model.h"

namespace ipcgrade {

// nullptr where the machine has no usable cgroup (detect_cgroups() says
// why) or this one could not be made (`error` says why).
std::unique_ptr<box::TestCgroup> open_test_cgroup(const spec::Suite& suite, std::string& error);

// What the cgroup saw; nothing without one. Call after the run.
LimitsHit limits_hit(const box::TestCgroup* cgroup);

}  // namespace ipcgrade
