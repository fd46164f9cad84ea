// The only file that sees yaml-cpp. It copies a document into YamlNode and
// turns yaml-cpp 0.7's silent or misplaced errors into diagnostics that
// point where the mistake is (decisions.md 10).
#include "spec/yaml_tree.h"

#include <yaml-cpp/yaml.h>

namespace ipcgrade::spec {
namespace {

// A cursor over raw text that counts 1-based lines and byte columns, the
// way yaml-cpp's marks do.
struct Cursor {
  std::string_view text;
  std::size_t i = 0;
  int line = 1;
  int col = 1;

  bool done() const { return i >= text.size(); }
  char peek(std::size_t ahead = 0) const {
    return i + ahead < text.size() ? text[i + ahead] : '\0';
  }
  void advance() {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
    ++i;
  }
  void skip_line() {
    while (!done() && peek() != '\n') advance();
  }
};

// Moves past a quoted scalar that starts at the cursor; false when the file
// ends before the closing quote.
bool skip_quoted(Cursor& at) {
  const char quote = at.peek();
  at.advance();
  while (!at.done()) {
    const char c = at.peek();
    if (quote == '"' && c == '\\') {
      at.advance();
      if (!at.done()) at.advance();
    } else if (c == quote && quote == '\'' && at.peek(1) == '\'') {
      at.advance();
      at.advance();
    } else if (c == quote) {
      at.advance();
      return true;
    } else {
      at.advance();
    }
  }
  return false;
}

int indent_at(const Cursor& at) {
  int n = 0;
  while (at.peek(n) == ' ') ++n;
  return n;
}

bool blank_from(const Cursor& at) {
  std::size_t n = 0;
  while (at.peek(n) == ' ' || at.peek(n) == '\t' || at.peek(n) == '\r') ++n;
  return at.peek(n) == '\n' || at.i + n >= at.text.size();
}

// A quote, bracket or block-scalar indicator only means something where a
// value can start: after a key's colon, a list dash, or a flow separator.
bool at_token_start(char prev, bool in_flow) {
  if (in_flow) return prev == '[' || prev == '{' || prev == ',' || prev == ':';
  return prev == '\n' || prev == ':' || prev == '-' || prev == '?';
}

std::string syntax_message(const std::string& yaml_message, std::string_view text, SourcePos& pos) {
  if (yaml_message != YAML::ErrorMsg::END_OF_SEQ_FLOW &&
      yaml_message != YAML::ErrorMsg::END_OF_MAP_FLOW) {
    return yaml_message;
  }
  const auto unclosed = find_unclosed(text);
  if (!unclosed) return yaml_message;
  pos.line = unclosed->line;
  pos.col = unclosed->col;
  if (unclosed->opener == '"' || unclosed->opener == '\'') return "unterminated quoted string";
  const char closer = unclosed->opener == '[' ? ']' : '}';
  return std::string("unclosed '") + unclosed->opener + "': expected '" + closer +
         "' before the end of the file";
}

class Converter {
 public:
  Converter(std::string_view text, const std::string& file, std::vector<Diagnostic>& diagnostics)
      : text_(text), file_(file), diagnostics_(diagnostics) {}

  // True once a quote was found unclosed: the rest of the file then sits
  // inside one string, and any further finding would only mislead.
  bool swallowed() const { return swallowed_; }

  YamlNode convert(const YAML::Node& node) {
    YamlNode out;
    const YAML::Mark mark = node.Mark();
    if (mark.line >= 0) {
      out.line = mark.line + 1;
      out.col = mark.column + 1;
    }
    switch (node.Type()) {
      case YAML::NodeType::Scalar:
        out.kind = YamlNode::Kind::scalar;
        out.text = node.Scalar();
        check_quote(mark, out);
        break;
      case YAML::NodeType::Sequence:
        out.kind = YamlNode::Kind::sequence;
        for (const auto& item : node) out.items.push_back(convert(item));
        break;
      case YAML::NodeType::Map:
        out.kind = YamlNode::Kind::map;
        for (auto it = node.begin(); it != node.end(); ++it) add_entry(out, it->first, it->second);
        break;
      default:
        break;
    }
    return out;
  }

 private:
  void add_entry(YamlNode& map, const YAML::Node& key, const YAML::Node& value) {
    YamlEntry entry{convert(key), convert(value)};
    // yaml-cpp marks an empty value at the start of the next line; the key
    // is where a reader looks for it.
    if (entry.value.kind == YamlNode::Kind::null) {
      entry.value.line = entry.key.line;
      entry.value.col = entry.key.col;
    }
    map.pairs.push_back(std::move(entry));
  }

  // yaml-cpp 0.7 accepts a `"` that is never closed and makes the rest of
  // the file its text; look for the closing quote ourselves.
  void check_quote(const YAML::Mark& mark, const YamlNode& out) {
    if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text_.size()) return;
    const char first = text_[mark.pos];
    if (first != '"' && first != '\'') return;
    Cursor at{text_, static_cast<std::size_t>(mark.pos)};
    if (skip_quoted(at)) return;
    diagnostics_.push_back({{file_, out.line, out.col}, "unterminated quoted string"});
    swallowed_ = true;
  }

  bool swallowed_ = false;
  std::string_view text_;
  const std::string& file_;
  std::vector<Diagnostic>& diagnostics_;
};

}  // namespace

std::optional<Unclosed> find_unclosed(std::string_view text) {
  Cursor at{text};
  std::vector<Unclosed> flow;
  char prev = '\n';
  int line_indent = 0;
  int block_indent = -1;  // the indent of the line that opened a block scalar
  while (!at.done()) {
    if (at.col == 1) {
      const int indent = indent_at(at);
      if (block_indent >= 0 && (blank_from(at) || indent > block_indent)) {
        at.skip_line();
        if (!at.done()) at.advance();
        continue;
      }
      block_indent = -1;
      line_indent = indent;
    }
    const char c = at.peek();
    const bool token_start = at_token_start(prev, !flow.empty());
    if (c == '\n') {
      if (flow.empty()) prev = '\n';
      at.advance();
    } else if (c == ' ' || c == '\t' || c == '\r') {
      at.advance();
    } else if (c == '#' && (at.col == 1 || text[at.i - 1] == ' ' || text[at.i - 1] == '\t')) {
      at.skip_line();
    } else if (token_start && (c == '"' || c == '\'')) {
      const Unclosed start{c, at.line, at.col};
      if (!skip_quoted(at)) return start;
      prev = c;
    } else if ((c == '[' || c == '{') && (token_start || !flow.empty())) {
      flow.push_back({c, at.line, at.col});
      prev = c;
      at.advance();
    } else if ((c == ']' || c == '}') && !flow.empty()) {
      if ((c == ']') == (flow.back().opener == '[')) flow.pop_back();
      prev = c;
      at.advance();
    } else if (flow.empty() && token_start && (c == '|' || c == '>')) {
      block_indent = line_indent;
      at.skip_line();
    } else {
      prev = c;
      at.advance();
    }
  }
  if (!flow.empty()) return flow.front();
  return std::nullopt;
}

std::optional<YamlNode> parse_yaml(std::string_view text, const std::string& file,
                                   std::vector<Diagnostic>& diagnostics) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& error) {
    SourcePos pos{file, error.mark.line >= 0 ? error.mark.line + 1 : 0, error.mark.column + 1};
    std::string message = syntax_message(error.msg, text, pos);
    diagnostics.push_back({pos, std::move(message)});
    return std::nullopt;
  }
  if (documents.empty()) {
    YamlNode empty;
    empty.line = 1;
    empty.col = 1;
    return empty;
  }
  if (documents.size() > 1 && !documents[1].IsNull()) {
    const YAML::Mark mark = documents[1].Mark();
    diagnostics.push_back({{file, mark.line + 1, mark.column + 1},
                           "a suite file holds one YAML document; this is a second one"});
  }
  Converter converter(text, file, diagnostics);
  YamlNode root = converter.convert(documents[0]);
  if (converter.swallowed()) return std::nullopt;
  return root;
}

}  // namespace ipcgrade::spec
