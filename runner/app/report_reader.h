// Reading a JSON report (spec-format.md, "The JSON report") back into the
// result model, for `ipcgrade merge`. Only what the JSON writer writes is
// read; `title` is not in the report and stays empty.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "judge/verdict.h"

namespace ipcgrade {

struct ReadReport {
  std::optional<RunReport> report;
  std::string error;  // when `report` is unset: what is wrong, and where
};

ReadReport parse_report(std::string_view json_text);
// As parse_report, with the file's name before any error.
ReadReport read_report(const std::filesystem::path& file);

}  // namespace ipcgrade
