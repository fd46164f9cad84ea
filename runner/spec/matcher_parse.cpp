// stdout/stderr matchers (spec-format.md, "Matchers").
#include <algorithm>
#include <cctype>

#include "spec/parse.h"

namespace ipcgrade::spec {
namespace {

using Kind = YamlNode::Kind;

const Names kKinds = {"equals",          "contains", "not_contains", "matches", "lines",
                      "unordered_lines", "in_order", "line_count",   "empty",   "numbers",
                      "same_as",         "sha256",   "bytes"};
// Parallel to kKinds; same_as is refined by its operand.
constexpr Matcher::Kind kKindValues[] = {
    Matcher::Kind::equals,   Matcher::Kind::contains,      Matcher::Kind::not_contains,
    Matcher::Kind::matches,  Matcher::Kind::lines,         Matcher::Kind::unordered_lines,
    Matcher::Kind::in_order, Matcher::Kind::line_count,    Matcher::Kind::empty,
    Matcher::Kind::numbers,  Matcher::Kind::same_as_stdin, Matcher::Kind::sha256,
    Matcher::Kind::bytes};
const Names kNormalizations = {"trailing_space", "blank_lines", "case", "final_newline", "crlf"};
constexpr Normalize kNormalizeFlags[] = {kTrailingSpace, kBlankLines, kCase, kFinalNewline, kCrlf};

Names matcher_keys() {
  Names keys = kKinds;
  keys.insert(keys.end(), {"normalize", "tolerance", "relative"});
  return keys;
}

std::optional<std::vector<std::string>> read_texts(LoadState& st, const YamlNode& node) {
  if (node.kind == Kind::scalar) return std::vector<std::string>{*read_text(st, node)};
  if (!expect_kind(st, node, Kind::sequence)) return std::nullopt;
  std::vector<std::string> out;
  for (const YamlNode& item : node.items) {
    if (auto text = read_text(st, item)) out.push_back(*text);
  }
  return out;
}

std::optional<LineSpec> read_line(LoadState& st, const YamlNode& node) {
  if (node.kind == Kind::scalar) return LineSpec{*read_text(st, node), false};
  MapReader map(st, node, {"matches"});
  if (!map.ok()) return std::nullopt;
  const YamlNode* regex = map.get("matches");
  if (!regex) {
    st.error(node, "missing key 'matches'");
    return std::nullopt;
  }
  if (auto text = read_regex(st, *regex)) return LineSpec{*text, true};
  return std::nullopt;
}

void read_lines(LoadState& st, const YamlNode& node, Matcher& m) {
  if (!expect_kind(st, node, Kind::sequence)) return;
  for (const YamlNode& item : node.items) {
    if (auto line = read_line(st, item)) m.lines.push_back(*line);
  }
}

void read_numbers(LoadState& st, const YamlNode& node, Matcher& m) {
  if (!expect_kind(st, node, Kind::sequence)) return;
  for (const YamlNode& item : node.items) {
    if (auto number = read_number(st, item)) m.numbers.push_back(*number);
  }
}

void read_sha256(LoadState& st, const YamlNode& node, Matcher& m) {
  const bool hex = node.kind == Kind::scalar && node.text.size() == 64 &&
                   std::all_of(node.text.begin(), node.text.end(), ::isxdigit);
  if (!hex) {
    st.error(node, "expected 64 hex digits (a SHA-256), got " + got(node));
    return;
  }
  m.text = node.text;
  std::transform(m.text.begin(), m.text.end(), m.text.begin(), ::tolower);
}

void read_operand(LoadState& st, std::string_view kind, const YamlNode& node, Matcher& m) {
  using K = Matcher::Kind;
  m.kind = kKindValues[std::find(kKinds.begin(), kKinds.end(), kind) - kKinds.begin()];
  if (kind == "equals") {
    if (auto text = read_text(st, node)) m.text = *text;
  } else if (kind == "contains" || kind == "not_contains") {
    if (auto texts = read_texts(st, node)) m.texts = *texts;
  } else if (kind == "matches") {
    if (auto regex = read_regex(st, node)) m.text = *regex;
  } else if (kind == "lines" || kind == "unordered_lines" || kind == "in_order") {
    read_lines(st, node, m);
  } else if (kind == "line_count" || kind == "bytes") {
    if (auto count = read_int(st, node, 0)) m.count = *count;
  } else if (kind == "empty") {
    if (node.kind != Kind::scalar || node.text != "true") {
      st.error(node, "expected true, got " + got(node));
    }
  } else if (kind == "numbers") {
    read_numbers(st, node, m);
  } else if (kind == "same_as") {
    if (auto which = read_choice(st, node, {"stdin", "reference"})) {
      m.kind = *which == 0 ? K::same_as_stdin : K::same_as_reference;
    }
  } else if (kind == "sha256") {
    read_sha256(st, node, m);
  }
}

void read_normalization(LoadState& st, const YamlNode& node, Matcher& m) {
  if (auto index = read_word(st, node, kNormalizations, "normalization")) {
    m.normalize |= kNormalizeFlags[*index];
  }
}

// A list of normalizations, or just one.
void read_normalize(LoadState& st, const YamlNode& node, Matcher& m) {
  if (node.kind != Kind::sequence) return read_normalization(st, node, m);
  for (const YamlNode& item : node.items) read_normalization(st, item, m);
}

// `tolerance: 1e-6` is absolute; `relative: 1e-3` is a relative tolerance,
// and `relative: true` makes `tolerance` relative.
void read_tolerance(LoadState& st, const MapReader& map, Matcher& m) {
  const YamlNode* tolerance = map.get("tolerance");
  const YamlNode* relative = map.get("relative");
  if (tolerance) {
    if (auto value = read_number(st, *tolerance, 0.0)) m.tolerance = *value;
  }
  if (!relative) return;
  if (relative->kind == Kind::scalar && (relative->text == "true" || relative->text == "false")) {
    m.relative = relative->text == "true";
  } else if (tolerance) {
    st.error(*map.key_node("relative"), "a tolerance is absolute or relative, not both");
  } else if (auto value = read_number(st, *relative, 0.0)) {
    m.tolerance = *value;
    m.relative = true;
  }
}

std::optional<Matcher> parse_matcher(LoadState& st, const YamlNode& node) {
  Matcher m;
  m.pos = st.pos(node);
  if (node.kind == Kind::scalar) {
    m.text = *read_text(st, node);
    return m;
  }
  const MapReader map(st, node, matcher_keys());
  if (!map.ok()) return std::nullopt;
  const auto kind = read_one_of(st, map, kKinds, "a matcher has one kind",
                                "a matcher needs one of " + one_of(kKinds));
  if (!kind) return std::nullopt;
  read_operand(st, *kind, *map.get(*kind), m);
  if (const YamlNode* normalize = map.get("normalize")) read_normalize(st, *normalize, m);
  for (std::string_view key : map.present({"tolerance", "relative"})) {
    if (*kind != "numbers")
      st.error(*map.key_node(key), "'" + std::string(key) + "' goes with 'numbers'");
  }
  if (*kind == "numbers") read_tolerance(st, map, m);
  return m;
}

}  // namespace

std::vector<Matcher> parse_matchers(LoadState& st, const YamlNode& node) {
  std::vector<Matcher> out;
  if (node.kind == Kind::null) {
    st.error(node, "expected a matcher or a list of matchers, got nothing");
  } else if (node.kind != Kind::sequence) {
    if (auto m = parse_matcher(st, node)) out.push_back(*m);
  } else {
    for (const YamlNode& item : node.items) {
      if (item.kind == Kind::sequence || item.kind == Kind::null) {
        st.error(item, "expected a matcher (a string or a map), got " + describe(item));
      } else if (auto m = parse_matcher(st, item)) {
        out.push_back(*m);
      }
    }
  }
  return out;
}

}  // namespace ipcgrade::spec
