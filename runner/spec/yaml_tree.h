// A plain copy of a parsed YAML document. The loader walks this tree
// instead of yaml-cpp's nodes so that yaml-cpp stays inside yaml_tree.cpp,
// and so that duplicate keys survive: yaml-cpp 0.7 keeps them silently and
// only a walk over every pair can report them (decisions.md 10).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spec/loader.h"

namespace ipcgrade::spec {

struct YamlEntry;

struct YamlNode {
  enum class Kind { null, scalar, sequence, map };
  Kind kind = Kind::null;
  std::string text;              // scalar
  std::vector<YamlNode> items;   // sequence
  std::vector<YamlEntry> pairs;  // map, in file order, duplicates kept
  int line = 0;                  // 1-based; 0 when unknown
  int col = 0;
};

struct YamlEntry {
  YamlNode key;
  YamlNode value;
};

// Parses the first document of `text`. Syntax errors, a second document
// and the yaml-cpp traps become diagnostics; nullopt when the text could
// not be parsed at all, or a quote swallowed the rest of it.
std::optional<YamlNode> parse_yaml(std::string_view text, const std::string& file,
                                   std::vector<Diagnostic>& diagnostics);

// Where a quote or a flow bracket was opened and never closed, found by a
// light scan of the raw text. yaml-cpp reports an unclosed `[` at the end
// of the input and accepts an unterminated `"`; this scan finds the opener.
struct Unclosed {
  char opener = 0;  // '[', '{', '"' or '\''
  int line = 0;     // 1-based
  int col = 0;
};
std::optional<Unclosed> find_unclosed(std::string_view text);

}  // namespace ipcgrade::spec
