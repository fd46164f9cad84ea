// One constructor per report format, for the factory in writer.cpp. Each
// format keeps its writer class private to its own file.
#pragma once

#include <memory>

#include "report/writer.h"

namespace ipcgrade {

std::unique_ptr<ReportWriter> make_json_writer();
std::unique_ptr<ReportWriter> make_junit_writer();

}  // namespace ipcgrade
