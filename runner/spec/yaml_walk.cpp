#include "spec/yaml_walk.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace ipcgrade::spec {
namespace {

using Kind = YamlNode::Kind;

// Edits between two words, counting a swap of neighbours as one: "titel"
// is one slip from "title".
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string kind_name(Kind kind) {
  switch (kind) {
    case Kind::scalar:
      return "a string";
    case Kind::sequence:
      return "a list";
    case Kind::map:
      return "a map";
    case Kind::null:
      break;
  }
  return "nothing";
}

bool is_scalar(Context& ctx, const YamlNode& node, const std::string& expected) {
  if (node.kind == Kind::scalar) return true;
  ctx.error(node, "expected " + expected + ", got " + describe(node));
  return false;
}

}  // namespace

void Context::error(const SourcePos& at, std::string message) {
  diagnostics_.push_back({at, std::move(message)});
}

std::string describe(const YamlNode& node) { return kind_name(node.kind); }

std::string got(const YamlNode& node) {
  return node.kind == Kind::scalar ? "'" + node.text + "'" : describe(node);
}

std::string one_of(const Names& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

std::string suggestion(std::string_view word, const Names& names) {
  // A typo is a letter or two; anything further is a different word and a
  // suggestion would only mislead.
  const std::size_t allowed = std::clamp<std::size_t>(word.size() / 3, 1, 3);
  std::string_view best;
  std::size_t best_distance = allowed + 1;
  for (std::string_view name : names) {
    const std::size_t distance = edit_distance(word, name);
    if (distance < best_distance) {
      best = name;
      best_distance = distance;
    }
  }
  if (best.empty()) return "";
  return " (did you mean '" + std::string(best) + "'?)";
}

bool expect_kind(Context& ctx, const YamlNode& node, Kind kind) {
  if (node.kind == kind) return true;
  ctx.error(node, "expected " + kind_name(kind) + ", got " + describe(node));
  return false;
}

bool UniqueNames::add(Context& ctx, const std::string& name, const SourcePos& pos) {
  const auto [first, added] = first_lines_.emplace(name, pos.line);
  if (!added) {
    ctx.error(pos, "duplicate " + what_ + " '" + name + "' (first at line " +
                       std::to_string(first->second) + ")");
  }
  return added;
}

bool for_each_entry(Context& ctx, const YamlNode& node, const EntryVisitor& visit) {
  if (!expect_kind(ctx, node, Kind::map)) return false;
  UniqueNames keys("key");
  for (const YamlEntry& entry : node.pairs) {
    if (is_scalar(ctx, entry.key, "a string") &&
        keys.add(ctx, entry.key.text, ctx.pos(entry.key))) {
      visit(entry.key, entry.value);
    }
  }
  return true;
}

MapReader::MapReader(Context& ctx, const YamlNode& node, const Names& known) : node_(node) {
  ok_ = for_each_entry(ctx, node, [&](const YamlNode& key, const YamlNode& value) {
    if (std::find(known.begin(), known.end(), key.text) == known.end()) {
      ctx.error(key, "unknown key '" + key.text + "'" + suggestion(key.text, known));
      return;
    }
    entries_.push_back({&key, &value});
  });
}

const MapReader::Found* MapReader::find(std::string_view key) const {
  for (const Found& entry : entries_) {
    if (entry.key->text == key) return &entry;
  }
  return nullptr;
}

const YamlNode* MapReader::get(std::string_view key) const {
  const Found* entry = find(key);
  return entry ? entry->value : nullptr;
}

const YamlNode* MapReader::key_node(std::string_view key) const {
  const Found* entry = find(key);
  return entry ? entry->key : nullptr;
}

std::vector<std::string_view> MapReader::present(const Names& among) const {
  std::vector<std::string_view> out;
  for (const Found& entry : entries_) {
    const auto it = std::find(among.begin(), among.end(), entry.key->text);
    if (it != among.end()) out.push_back(*it);
  }
  return out;
}

std::optional<std::string_view> read_one_of(Context& ctx, const MapReader& map, const Names& kinds,
                                            const std::string& two, const std::string& none) {
  const std::vector<std::string_view> present = map.present(kinds);
  if (present.size() > 1) {
    ctx.error(*map.key_node(present[1]), two + ", got '" + std::string(present[0]) + "' and '" +
                                             std::string(present[1]) + "'");
    return std::nullopt;
  }
  if (present.empty()) {
    if (!none.empty()) ctx.error(map.node(), none);
    return std::nullopt;
  }
  return present[0];
}

std::optional<std::string> read_string(Context& ctx, const YamlNode& node) {
  if (!is_scalar(ctx, node, "a string")) return std::nullopt;
  return node.text;
}

std::optional<std::vector<std::string>> read_strings(Context& ctx, const YamlNode& node) {
  if (!expect_kind(ctx, node, Kind::sequence)) return std::nullopt;
  std::vector<std::string> out;
  bool ok = true;
  for (const YamlNode& item : node.items) {
    if (auto text = read_string(ctx, item)) {
      out.push_back(*text);
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<bool> read_bool(Context& ctx, const YamlNode& node) {
  if (node.kind == Kind::scalar && (node.text == "true" || node.text == "false")) {
    return node.text == "true";
  }
  ctx.error(node, "expected true or false, got " + got(node));
  return std::nullopt;
}

std::optional<std::int64_t> read_int(Context& ctx, const YamlNode& node, std::int64_t min,
                                     std::int64_t max) {
  std::int64_t value = 0;
  if (node.kind == Kind::scalar) {
    const char* end = node.text.data() + node.text.size();
    const auto [ptr, ec] = std::from_chars(node.text.data(), end, value);
    if (ec == std::errc() && ptr == end && value >= min && value <= max) return value;
  }
  const std::string range = max == INT64_MAX
                                ? ">= " + std::to_string(min)
                                : "from " + std::to_string(min) + " to " + std::to_string(max);
  ctx.error(node, "expected a whole number " + range + ", got " + got(node));
  return std::nullopt;
}

std::optional<double> read_number(Context& ctx, const YamlNode& node, std::optional<double> min) {
  if (node.kind == Kind::scalar && !node.text.empty()) {
    char* end = nullptr;
    const double value = std::strtod(node.text.c_str(), &end);
    if (*end == '\0' && std::isfinite(value) && value >= min.value_or(value)) return value;
  }
  std::string bound;
  if (min) {
    std::ostringstream out;
    out << *min;
    bound = " >= " + out.str();
  }
  ctx.error(node, "expected a number" + bound + ", got " + got(node));
  return std::nullopt;
}

std::optional<Duration> read_duration(Context& ctx, const YamlNode& node) {
  if (node.kind == Kind::scalar) {
    if (auto value = parse_duration(node.text)) return value;
  }
  ctx.error(node, "expected a duration like 250ms, 5s, 1.5s or 2m, got " + got(node));
  return std::nullopt;
}

std::optional<std::uint64_t> read_size(Context& ctx, const YamlNode& node) {
  if (node.kind == Kind::scalar) {
    if (auto value = parse_size(node.text)) return value;
  }
  ctx.error(node, "expected a size like 4096, 64KiB, 8MiB or 1GiB, got " + got(node));
  return std::nullopt;
}

std::optional<int> read_signal(Context& ctx, const YamlNode& node) {
  if (!is_scalar(ctx, node, "a signal name")) return std::nullopt;
  if (auto signo = parse_signal(node.text)) return signo;
  const std::string& text = node.text;
  if (!text.empty() && std::all_of(text.begin(), text.end(), ::isdigit)) {
    ctx.error(node, "signals are written by name (SIGUSR1), not number: '" + text + "'");
    return std::nullopt;
  }
  std::string upper = text;
  std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
  const std::string hint = parse_signal(upper) ? " (did you mean '" + upper + "'?)" : "";
  ctx.error(node, "unknown signal '" + text + "'" + hint);
  return std::nullopt;
}

std::optional<std::size_t> read_choice(Context& ctx, const YamlNode& node, const Names& names) {
  if (node.kind == Kind::scalar) {
    const auto it = std::find(names.begin(), names.end(), node.text);
    if (it != names.end()) return it - names.begin();
  }
  ctx.error(node, "expected " + one_of(names) + ", got " + got(node));
  return std::nullopt;
}

std::optional<std::size_t> read_word(Context& ctx, const YamlNode& node, const Names& names,
                                     std::string_view what) {
  if (!is_scalar(ctx, node, "a string")) return std::nullopt;
  const auto it = std::find(names.begin(), names.end(), node.text);
  if (it != names.end()) return it - names.begin();
  ctx.error(node,
            "unknown " + std::string(what) + " '" + node.text + "'" + suggestion(node.text, names));
  return std::nullopt;
}

}  // namespace ipcgrade::spec
