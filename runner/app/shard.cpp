#include "app/shard.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <charconv>
#include <memory>

namespace ipcgrade {

namespace {

// A whole positive number, digits only: "+2", " 2" and "2.0" are mistakes
// in a shard spec, not numbers to guess at.
std::optional<int> positive(std::string_view text) {
  int value = 0;
  if (text.empty() || text.size() > 9) return std::nullopt;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1) return std::nullopt;
  return value;
}

}  // namespace

std::variant<ShardSpec, std::string> parse_shard(std::string_view text) {
  const auto slash = text.find('/');
  const auto k = positive(text.substr(0, slash));
  const auto n = slash == std::string_view::npos ? std::nullopt : positive(text.substr(slash + 1));
  if (k && n && *k <= *n) return ShardSpec{*k, *n};
  return fmt::format("--shard must be K/N with 1 <= K <= N, e.g. 2/4; got '{}'", text);
}

bool in_shard(std::size_t index, const ShardSpec& shard) {
  return static_cast<int>(index % static_cast<std::size_t>(shard.n)) + 1 == shard.k;
}

std::vector<std::string> shard_items(const std::vector<std::string>& planned,
                                     const ShardSpec& shard) {
  std::vector<std::string> items;
  for (std::size_t i = 0; i < planned.size(); ++i)
    if (in_shard(i, shard)) items.push_back(planned[i]);
  return items;
}

std::string test_id(std::string_view suite, std::string_view test) {
  return fmt::format("{}/{}", suite, test);
}

std::vector<std::string> planned_tests(const std::vector<spec::Suite>& suites,
                                       const std::string& filter) {
  // The same test of the filter as the session's, so that the plan and
  // what the session runs cannot disagree.
  std::unique_ptr<RE2> regex;
  if (!filter.empty()) regex = std::make_unique<RE2>(filter, RE2::Quiet);
  std::vector<std::string> planned;
  for (const auto& suite : suites)
    for (const auto& test : suite.tests)
      if (!regex || RE2::PartialMatch(test.name, *regex))
        planned.push_back(test_id(suite.id, test.name));
  return planned;
}

}  // namespace ipcgrade
