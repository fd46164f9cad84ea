// Output matchers (spec-format.md, "Matchers"): pure functions from a
// matcher and a captured stream to a verdict with a message a student can
// act on. Variables are already expanded by the caller.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "judge/capture.h"
#include "spec/model.h"

namespace ipcgrade {

struct MatchResult {
  bool ok = true;
  std::string message;  // what was expected and what was seen (visible text)
  std::string diff;     // short unified diff, when it helps
};

// `stream_name` is "stdout" or "stderr". `reference` is the reference
// build's output of the same stream, for same_as: reference.
MatchResult check_matcher(const spec::Matcher& matcher, const StreamCapture& stream,
                          std::string_view stream_name,
                          const std::string* reference = nullptr);

// Applies a matcher's `normalize` flags to text.
std::string normalize(std::string_view text, unsigned flags);

// Whether a matcher needs the whole text (true) or only streamed facts.
bool needs_text(const spec::Matcher& matcher);

}  // namespace ipcgrade
