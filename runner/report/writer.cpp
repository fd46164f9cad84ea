#include "report/writer.h"

#include <array>

#include "report/formats.h"

namespace ipcgrade {

namespace {

struct Format {
  std::string_view name;
  std::unique_ptr<ReportWriter> (*make)();
};

// A new format is one line here and one file beside this one.
constexpr std::array<Format, 2> kFormats{{
    {"json", make_json_writer},
    {"junit", make_junit_writer},
}};

}  // namespace

std::unique_ptr<ReportWriter> make_writer(std::string_view format) {
  for (const auto& f : kFormats)
    if (f.name == format) return f.make();
  return nullptr;
}

}  // namespace ipcgrade
