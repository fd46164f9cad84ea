// One constructor per report format, for the factory in writer.cpp. Each
// format keeps its writer class private to its own file.
#pragma once

#include <memory>

#include "report/writer.h"

namespace ipcgrade {

std::unique_ptr<ReportWriter> make_json_writer(WriterOptions options);
std::unique_ptr<ReportWriter> make_junit_writer(WriterOptions options);
std::unique_ptr<ReportWriter> make_tap_writer(WriterOptions options);
std::unique_ptr<ReportWriter> make_markdown_writer(WriterOptions options);
std::unique_ptr<ReportWriter> make_gradescope_writer(WriterOptions options);
std::unique_ptr<ReportWriter> make_html_writer(WriterOptions options);

}  // namespace ipcgrade
