// Pieces of the HTML report: escaping, the page's style sheet, status
// pills, diffs and bars. The page is self-contained: inline CSS, no
// scripts, no fonts or images from the network.
#pragma once

#include <string>
#include <string_view>

#include "judge/verdict.h"

namespace ipcgrade {

// Run text made safe for an HTML element or attribute: visible() first
// (decisions.md 16), then the five characters HTML gives meaning escaped.
std::string html_text(std::string_view raw);

// The style sheet, inside <style>.
std::string_view html_style();

// The CSS class of a status: pass, fail, error or skip.
std::string_view status_class(Status status);

// `<span class="pill fail">failed</span>`.
std::string status_pill(Status status);

// A diff in a <pre>, one span per line, coloured by its first character.
std::string html_diff(std::string_view diff);

// A horizontal bar `fraction` (0..1) full, coloured by how full it is.
std::string html_bar(double fraction);

// `47%`, or an en dash when there is nothing to divide by.
std::string percent_text(double part, double whole);

}  // namespace ipcgrade
