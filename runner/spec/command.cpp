#include "spec/command.h"

#include <unistd.h>

#include <filesystem>

namespace ipcgrade::spec {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Copies a quoted part starting after its opening quote; returns the index
// after the closing quote, or npos when there is none.
std::size_t take_quoted(std::string_view text, std::size_t i, char quote, std::string& word) {
  while (i < text.size()) {
    const char c = text[i];
    if (c == quote) return i + 1;
    if (quote == '"' && c == '\\' && i + 1 < text.size() &&
        (text[i + 1] == '"' || text[i + 1] == '\\')) {
      ++i;
    }
    word += text[i];
    ++i;
  }
  return std::string_view::npos;
}

}  // namespace

SplitCommand split_command(std::string_view text) {
  SplitCommand out;
  std::string word;
  bool in_word = false;  // an empty '' still makes a word
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (is_blank(c)) {
      if (in_word) out.words.push_back(std::move(word));
      word.clear();
      in_word = false;
      ++i;
    } else if (c == '\'' || c == '"') {
      in_word = true;
      i = take_quoted(text, i + 1, c, word);
      if (i == std::string_view::npos) {
        out.error = c == '\'' ? "unterminated single quote in command"
                              : "unterminated double quote in command";
        return out;
      }
    } else {
      if (c == '\\' && i + 1 < text.size()) ++i;
      word += text[i];
      in_word = true;
      ++i;
    }
  }
  if (in_word) out.words.push_back(std::move(word));
  return out;
}

bool is_on_program_path(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos) return false;
  std::string_view dirs = kProgramPath;
  while (!dirs.empty()) {
    const std::size_t colon = dirs.find(':');
    const std::filesystem::path candidate = std::filesystem::path(dirs.substr(0, colon)) / name;
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec) && ::access(candidate.c_str(), X_OK) == 0) {
      return true;
    }
    dirs = colon == std::string_view::npos ? std::string_view() : dirs.substr(colon + 1);
  }
  return false;
}

}  // namespace ipcgrade::spec
