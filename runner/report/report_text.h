// Text pieces that several report formats share, so that a failure reads
// the same in the console, JUnit and the formats still to come. Every
// function here passes run text through visible() (decisions.md 16).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "judge/verdict.h"

namespace ipcgrade {

// `[kind] process: message`, or `[kind] message` for a failure of the whole
// test; the message may span lines.
std::string failure_heading(const Failure& failure);

// The text before the first newline, for places that hold one line only.
std::string first_line(std::string_view text);

// Milliseconds as seconds with exactly three decimals ("0.812"), as the
// Surefire schema of JUnit wants them.
std::string seconds_text(std::int64_t ms);

// Points as people write them: "7" for whole numbers, else "2.5".
std::string points_text(double points);

// How many tests have this status, in one suite or across the run.
int count_status(const SuiteResult& suite, Status status);
int count_status(const RunReport& report, Status status);

}  // namespace ipcgrade
