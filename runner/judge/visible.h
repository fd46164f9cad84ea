// Text shown to people: every report shows bytes the same way
// (decisions.md 16). Control bytes other than tab and newline become
// `\xNN`, invalid UTF-8 becomes U+FFFD, everything else is kept.
#pragma once

#include <string>
#include <string_view>

namespace ipcgrade {

std::string visible(std::string_view bytes);

// As visible(), cut to at most `max_bytes` of input with a note of how much
// was left out.
std::string visible_excerpt(std::string_view bytes, std::size_t max_bytes);

}  // namespace ipcgrade
