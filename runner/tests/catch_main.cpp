#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <cstring>

#include "box/box_init.h"

int main(int argc, char** argv) {
  // A box's init is this binary too (box/box_init.h), for the [box] tests.
  if (argc > 1 && std::strcmp(argv[1], ipcgrade::box::kBoxInitCommand) == 0)
    return ipcgrade::box::box_init_main(argc, argv);
  return Catch::Session().run(argc, argv);
}
