// Helpers for walking a YamlNode tree while collecting diagnostics: typed
// readers that report a wrong type or value at its position and return
// nullopt, and a map reader that reports unknown and duplicate keys. The
// loader's parse files use these; nothing outside runner/spec/ does.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/loader.h"
#include "spec/yaml_tree.h"

namespace ipcgrade::spec {

using Names = std::vector<std::string_view>;

// The diagnostics of one file.
class Context {
 public:
  explicit Context(std::string file) : file_(std::move(file)) {}
  SourcePos pos(const YamlNode& node) const { return {file_, node.line, node.col}; }
  void error(const YamlNode& at, std::string message) { error(pos(at), std::move(message)); }
  void error(const SourcePos& at, std::string message);
  const std::string& file() const { return file_; }
  std::vector<Diagnostic>& diagnostics() { return diagnostics_; }

 private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
};

// "a string", "a list", "a map" or "nothing", for "expected X, got Y".
std::string describe(const YamlNode& node);
// What a message quotes of a value: 'text' for a scalar, else describe().
std::string got(const YamlNode& node);
// "a, b or c".
std::string one_of(const Names& names);
// " (did you mean 'x'?)" when a name is close to `word`, else "".
std::string suggestion(std::string_view word, const Names& names);
// Reports "expected a map, got a string" and the like; true when it fits.
bool expect_kind(Context& ctx, const YamlNode& node, YamlNode::Kind kind);

// Remembers where each name was first given and reports a repeat as
// "duplicate <what> 'x' (first at line N)".
class UniqueNames {
 public:
  explicit UniqueNames(std::string what) : what_(std::move(what)) {}
  // False (and reported) when `name` was given before.
  bool add(Context& ctx, const std::string& name, const SourcePos& pos);

 private:
  std::string what_;
  std::map<std::string, int> first_lines_;
};

// Calls `visit` with the first occurrence of each key of a map, in file
// order; reports non-string keys and repeated keys. False for a non-map.
using EntryVisitor = std::function<void(const YamlNode& key, const YamlNode& value)>;
bool for_each_entry(Context& ctx, const YamlNode& node, const EntryVisitor& visit);

// A map whose keys come from a fixed list; unknown keys are reported once,
// when it is built, with a suggestion when one is close.
class MapReader {
 public:
  MapReader(Context& ctx, const YamlNode& node, const Names& known);
  bool ok() const { return ok_; }
  const YamlNode& node() const { return node_; }
  // The value of `key`, or null when absent.
  const YamlNode* get(std::string_view key) const;
  const YamlNode* key_node(std::string_view key) const;
  // The known keys present, in file order.
  std::vector<std::string_view> present(const Names& among) const;

 private:
  struct Found {
    const YamlNode* key;
    const YamlNode* value;
  };
  const Found* find(std::string_view key) const;
  const YamlNode& node_;
  std::vector<Found> entries_;
  bool ok_ = false;
};

// The single key of `kinds` present in `map`. Two are reported as
// "<two>, got 'a' and 'b'" at the second; none as `none` unless it is empty.
std::optional<std::string_view> read_one_of(Context& ctx, const MapReader& map, const Names& kinds,
                                            const std::string& two, const std::string& none);

std::optional<std::string> read_string(Context& ctx, const YamlNode& node);
std::optional<std::vector<std::string>> read_strings(Context& ctx, const YamlNode& node);
std::optional<bool> read_bool(Context& ctx, const YamlNode& node);
// A whole number from `min` to `max`.
std::optional<std::int64_t> read_int(Context& ctx, const YamlNode& node, std::int64_t min,
                                     std::int64_t max = INT64_MAX);
// A number, at least `min` when one is given.
std::optional<double> read_number(Context& ctx, const YamlNode& node,
                                  std::optional<double> min = std::nullopt);
std::optional<Duration> read_duration(Context& ctx, const YamlNode& node);
std::optional<std::uint64_t> read_size(Context& ctx, const YamlNode& node);
std::optional<int> read_signal(Context& ctx, const YamlNode& node);
// One of a few fixed words: "expected a, b or c, got 'x'". Returns its index.
std::optional<std::size_t> read_choice(Context& ctx, const YamlNode& node, const Names& names);
// A word from a vocabulary: "unknown <what> 'x' (did you mean 'y'?)".
std::optional<std::size_t> read_word(Context& ctx, const YamlNode& node, const Names& names,
                                     std::string_view what);

}  // namespace ipcgrade::spec
