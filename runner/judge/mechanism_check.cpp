#include "judge/mechanism_check.h"

#include <fmt/format.h>

#include "mechanism/vocabulary.h"

namespace ipcgrade {
namespace {

std::int64_t count_in(const std::map<std::string, std::int64_t>& counts, const std::string& key) {
  const auto found = counts.find(key);
  return found == counts.end() ? 0 : found->second;
}

// The calls behind a mechanism that was seen, for a forbidden one's message.
std::vector<std::pair<std::string, std::int64_t>> calls_seen(const mechanism::Evidence& evidence,
                                                             const std::string& mechanism) {
  std::vector<std::pair<std::string, std::int64_t>> seen;
  for (const auto call : mechanism::calls_of(mechanism))
    if (const auto n = count_in(evidence.calls, std::string(call)); n > 0)
      seen.emplace_back(std::string(call), n);
  return seen;
}

// Whether `call` is one of the calls of a mechanism in `missing`.
bool call_of_any(const std::string& call, const std::vector<std::string>& missing) {
  for (const auto& m : missing)
    for (const auto c : mechanism::calls_of(m))
      if (c == call) return true;
  return false;
}

// `missing`: mechanisms already reported as never used; a bound on one of
// their calls would say the same again (one failure, one cause).
void check_calls(const spec::Uses& uses, bool forbidden, const ProcessObservation& seen,
                 const std::vector<std::string>& missing, std::vector<Failure>& failures) {
  for (const auto& [call, bound] : uses.calls) {
    if (call_of_any(call, missing)) continue;
    if (!mechanism::countable(call)) {
      failures.push_back({FailureKind::spec, seen.id,
                          fmt::format("'{}' is not a system call ipcgrade records; it records {}",
                                      call, mechanism::countable_list()),
                          ""});
      continue;
    }
    const std::int64_t n = count_in(seen.evidence.calls, call);
    if (mechanism::bound_holds(bound, n) == forbidden)
      failures.push_back({FailureKind::mechanism, seen.id,
                          mechanism::call_bound_message(seen.program, call, bound, n, forbidden),
                          ""});
  }
}

}  // namespace

std::vector<Failure> check_mechanisms(const mechanism::Demand& demand,
                                      const ProcessObservation& seen) {
  std::vector<Failure> failures;
  // Nothing asked, nothing recorded, or the runner cut the program short
  // (one failure, one cause: decisions.md 12).
  if (demand.empty() || !seen.evidence.recorded || seen.not_started || seen.stopped_at_timeout ||
      seen.limit_hit)
    return failures;
  std::vector<std::string> missing;
  for (const auto& m : demand.uses.mechanisms)
    if (count_in(seen.evidence.mechanisms, m) == 0) {
      missing.push_back(m);
      failures.push_back(
          {FailureKind::mechanism, seen.id, mechanism::missing_message(seen.program, m), ""});
    }
  check_calls(demand.uses, false, seen, missing, failures);
  for (const auto& m : demand.not_uses.mechanisms)
    if (count_in(seen.evidence.mechanisms, m) > 0)
      failures.push_back({FailureKind::mechanism, seen.id,
                          mechanism::forbidden_message(seen.program, m,
                                                       calls_seen(seen.evidence, m)),
                          ""});
  check_calls(demand.not_uses, true, seen, {}, failures);
  return failures;
}

}  // namespace ipcgrade
