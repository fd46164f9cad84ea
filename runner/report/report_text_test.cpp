#include "report/report_text.h"

#include <catch2/catch.hpp>

using namespace ipcgrade;

TEST_CASE("report times are seconds with three decimals", "[report]") {
  CHECK(seconds_text(0) == "0.000");
  CHECK(seconds_text(812) == "0.812");
  CHECK(seconds_text(61005) == "61.005");
  CHECK(seconds_text(-3) == "0.000");
}

TEST_CASE("report points are whole numbers without decimals", "[report]") {
  CHECK(points_text(7) == "7");
  CHECK(points_text(0) == "0");
  CHECK(points_text(2.5) == "2.5");
}

TEST_CASE("a failure heading names kind, process and visible message", "[report]") {
  CHECK(failure_heading({FailureKind::leak, "rx", "queue left", ""}) == "[leak] rx: queue left");
  CHECK(failure_heading({FailureKind::internal, "", "no pipe\x01", ""}) ==
        "[internal] no pipe\\x01");
  CHECK(first_line("one\ntwo") == "one");
  CHECK(first_line("one") == "one");
}
