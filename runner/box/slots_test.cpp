#include "box/slots.h"

#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

using ipcgrade::box::SlotClaim;

TEST_CASE("Slots claimed at once are distinct, within one runner and across runners", "[slots]") {
  if (::geteuid() != 0) {
    // The runner's own slots, without uids (its programs run as itself).
    const auto slots = SlotClaim::claim(3);
    REQUIRE(slots.size() == 3);
    for (int n = 0; n < 3; ++n) {
      CHECK(slots[n].number() == n);
      CHECK_FALSE(slots[n].uid());
    }
    return;
  }
  std::set<int> numbers;
  {
    auto a = SlotClaim::claim(2);  // as one runner would
    // as another runner would: flock() conflicts between two opens of one
    // file even in one process
    auto b = SlotClaim::claim(1);
    REQUIRE(a.size() == 2);
    REQUIRE(b.size() == 1);
    for (const auto* group : {&a, &b})
      for (const auto& slot : *group) {
        numbers.insert(slot.number());
        REQUIRE(slot.uid());
        CHECK(*slot.uid() == 60000u + static_cast<unsigned>(slot.number()));
      }
    CHECK(numbers.size() == 3);  // no slot twice, even within one process
  }
}
