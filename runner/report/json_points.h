// Points in JSON reports: whole scores are integers (7, not 7.0), so that
// a report reads like the documented examples; fractions stay numbers.
#pragma once

#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>

namespace ipcgrade {

inline nlohmann::ordered_json json_points(double value) {
  if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 1e15)
    return static_cast<std::int64_t>(value);
  return value;
}

}  // namespace ipcgrade
