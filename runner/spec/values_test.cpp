#include <catch2/catch.hpp>
#include <csignal>

#include "spec/loader.h"

namespace ipcgrade::spec {
namespace {

TEST_CASE("durations are written with ms, s or m and are positive", "[spec]") {
  CHECK(parse_duration("250ms") == Duration(250));
  CHECK(parse_duration("5s") == Duration(5000));
  CHECK(parse_duration("1.5s") == Duration(1500));
  CHECK(parse_duration("2m") == Duration(120000));
  CHECK(parse_duration("0.5m") == Duration(30000));
  for (const char* bad : {"0s", "0ms", "5x", "5", "-1s", "1.s", ".5s", "1..5s", "s", "", "5 s",
                          "0.0001s", "99999999999999999999999m"}) {
    INFO(bad);
    CHECK_FALSE(parse_duration(bad));
  }
}

TEST_CASE("sizes are bytes or KiB, MiB, GiB", "[spec]") {
  CHECK(parse_size("4096") == 4096u);
  CHECK(parse_size("0") == 0u);
  CHECK(parse_size("64KiB") == 64u * 1024);
  CHECK(parse_size("8MiB") == 8u * 1024 * 1024);
  CHECK(parse_size("1GiB") == 1024u * 1024 * 1024);
  for (const char* bad :
       {"-1", "1.5MiB", "64KB", "64k", "MiB", "", "99999999999999999999", "17179869184GiB"}) {
    INFO(bad);
    CHECK_FALSE(parse_size(bad));
  }
}

TEST_CASE("signals are names, with or without SIG, never numbers", "[spec]") {
  CHECK(parse_signal("SIGUSR1") == SIGUSR1);
  CHECK(parse_signal("USR1") == SIGUSR1);
  CHECK(parse_signal("SIGTERM") == SIGTERM);
  CHECK(parse_signal("KILL") == SIGKILL);
  CHECK_FALSE(parse_signal("10"));
  CHECK_FALSE(parse_signal("SIGFOO"));
  CHECK_FALSE(parse_signal("sigusr1"));
  CHECK_FALSE(parse_signal("SIG"));
  CHECK(signal_name(SIGUSR2) == "SIGUSR2");
  CHECK(signal_name(SIGSEGV) == "SIGSEGV");
  CHECK(signal_name(99) == "signal 99");
}

}  // namespace
}  // namespace ipcgrade::spec
