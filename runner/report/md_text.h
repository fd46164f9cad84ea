// Markdown pieces for the student-facing reports (GitHub-flavoured, as job
// summaries and Gradescope render it). Callers pass text that has been
// through visible() already.
#pragma once

#include <string>
#include <string_view>

namespace ipcgrade {

// Text on one line with every character that CommonMark or GitHub would
// read as markup escaped by a backslash; line breaks become spaces. Safe in
// a paragraph, a heading and a table cell.
std::string md_inline(std::string_view text);

// A fenced code block holding `text` verbatim: the fence is longer than any
// run of backticks inside, so no output can close it early.
std::string md_fenced(std::string_view text, std::string_view info = "text");

// `**label** text` for one line, or the label and then the text fenced when
// it spans lines (a compiler's messages, a multi-line hint). Ends with a
// blank line, as a paragraph.
std::string md_labelled(std::string_view label, std::string_view text);

}  // namespace ipcgrade
