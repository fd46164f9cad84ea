#include "judge/diff.h"

#include <algorithm>
#include <dtl/dtl.hpp>
#include <vector>

#include "judge/visible.h"

namespace ipcgrade {

namespace {

// dtl's O(NP) algorithm costs about (M + N) * min(M, N) steps on lines that
// all differ, and its path grows as the square of the differences. Past this
// budget only an excerpt from the first difference on is compared.
constexpr std::uint64_t kDiffBudget = 20'000'000;
constexpr std::size_t kExcerptLines = 2000;
// A diff line shows at most this much of an output line.
constexpr std::size_t kShownLineBytes = 300;

using Lines = std::vector<std::string_view>;

// Lines with their '\n', so that a last line without one differs from the
// same line with it.
Lines split_keeping_newlines(std::string_view text) {
  Lines lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const std::size_t size = end == std::string_view::npos ? text.size() : end + 1;
    lines.push_back(text.substr(0, size));
    text.remove_prefix(size);
  }
  return lines;
}

enum class Op { common, removed, added };

// One diff line. `a` and `b` are 0-based line indexes in expected and
// actual; for a line only on one side, the other index is where it would go.
struct Edit {
  Op op;
  std::size_t a;
  std::size_t b;
};

// The part of both texts that differs: [begin, end_a) and [begin, end_b).
struct Middle {
  std::size_t begin = 0;
  std::size_t end_a = 0;
  std::size_t end_b = 0;
  bool excerpt = false;
};

Middle find_middle(const Lines& a, const Lines& b) {
  Middle m;
  const std::size_t shorter = std::min(a.size(), b.size());
  while (m.begin < shorter && a[m.begin] == b[m.begin]) ++m.begin;
  std::size_t suffix = 0;
  while (suffix < shorter - m.begin && a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  m.end_a = a.size() - suffix;
  m.end_b = b.size() - suffix;
  const std::uint64_t n = m.end_a - m.begin;
  const std::uint64_t k = m.end_b - m.begin;
  if ((n + k) * std::min(n, k) > kDiffBudget) {
    m.excerpt = true;
    m.end_a = m.begin + std::min<std::size_t>(n, kExcerptLines);
    m.end_b = m.begin + std::min<std::size_t>(k, kExcerptLines);
  }
  return m;
}

void add_middle_edits(const Lines& a, const Lines& b, const Middle& m, std::vector<Edit>& edits) {
  const Lines mid_a(a.begin() + m.begin, a.begin() + m.end_a);
  const Lines mid_b(b.begin() + m.begin, b.begin() + m.end_b);
  // dtl needs both sides non-empty; a one-sided change needs no search.
  if (mid_a.empty() || mid_b.empty()) {
    for (std::size_t i = m.begin; i < m.end_a; ++i) edits.push_back({Op::removed, i, m.begin});
    for (std::size_t i = m.begin; i < m.end_b; ++i) edits.push_back({Op::added, m.end_a, i});
    return;
  }
  dtl::Diff<std::string_view> diff(mid_a, mid_b, /*deletesFirst=*/true);
  diff.compose();
  // dtl's indexes are 1-based, and 0 on the side a line is not on.
  std::size_t next_a = m.begin;
  std::size_t next_b = m.begin;
  for (const auto& [line, info] : diff.getSes().getSequence()) {
    if (info.type == dtl::SES_DELETE) {
      edits.push_back({Op::removed, m.begin + info.beforeIdx - 1, next_b});
      next_a = m.begin + info.beforeIdx;
    } else if (info.type == dtl::SES_ADD) {
      edits.push_back({Op::added, next_a, m.begin + info.afterIdx - 1});
      next_b = m.begin + info.afterIdx;
    } else {
      edits.push_back({Op::common, m.begin + info.beforeIdx - 1, m.begin + info.afterIdx - 1});
      next_a = m.begin + info.beforeIdx;
      next_b = m.begin + info.afterIdx;
    }
  }
}

// The edits around the middle: `context` equal lines on each side of it
// (none after an excerpt, whose end lines up with nothing).
std::vector<Edit> edit_script(const Lines& a, const Lines& b, const Middle& m,
                              std::size_t context) {
  std::vector<Edit> edits;
  for (std::size_t i = m.begin - std::min(m.begin, context); i < m.begin; ++i)
    edits.push_back({Op::common, i, i});
  add_middle_edits(a, b, m, edits);
  if (m.excerpt) return edits;
  for (std::size_t i = 0; i < context && m.end_a + i < a.size(); ++i)
    edits.push_back({Op::common, m.end_a + i, m.end_b + i});
  return edits;
}

// Collects diff lines up to a bound and counts the rest.
class DiffPrinter {
 public:
  explicit DiffPrinter(std::size_t max_lines) : max_lines_(max_lines) {}

  void line(std::string text) {
    if (shown_ < max_lines_) {
      out_ += text;
      out_ += '\n';
      ++shown_;
    } else {
      ++more_;
    }
  }

  void output_line(char mark, std::string_view line) {
    const bool has_newline = !line.empty() && line.back() == '\n';
    if (has_newline) line.remove_suffix(1);
    this->line(mark + visible_excerpt(line, kShownLineBytes));
    if (!has_newline) this->line("\\ No newline at end of file");
  }

  std::string finish() {
    if (more_ > 0) out_ += "... (" + std::to_string(more_) + " more diff lines)\n";
    return std::move(out_);
  }

 private:
  std::size_t max_lines_;
  std::size_t shown_ = 0;
  std::size_t more_ = 0;
  std::string out_;
};

// `-a,b` as GNU diff writes it: ",1" left out, and an empty range named by
// the line before it.
std::string range(std::size_t first, std::size_t count) {
  if (count == 1) return std::to_string(first + 1);
  return std::to_string(count == 0 ? first : first + 1) + "," + std::to_string(count);
}

void print_hunk(const Lines& a, const Lines& b, const std::vector<Edit>& edits, std::size_t begin,
                std::size_t end, DiffPrinter& printer) {
  std::size_t count_a = 0;
  std::size_t count_b = 0;
  for (std::size_t i = begin; i < end; ++i) {
    count_a += edits[i].op != Op::added;
    count_b += edits[i].op != Op::removed;
  }
  printer.line("@@ -" + range(edits[begin].a, count_a) + " +" + range(edits[begin].b, count_b) +
               " @@");
  for (std::size_t i = begin; i < end; ++i) {
    const Edit& e = edits[i];
    if (e.op == Op::common) printer.output_line(' ', a[e.a]);
    if (e.op == Op::removed) printer.output_line('-', a[e.a]);
    if (e.op == Op::added) printer.output_line('+', b[e.b]);
  }
}

// Groups changes into hunks with `context` equal lines around each; changes
// closer than twice that share a hunk.
void print_hunks(const Lines& a, const Lines& b, const std::vector<Edit>& edits,
                 std::size_t context, DiffPrinter& printer) {
  std::size_t i = 0;
  while (i < edits.size()) {
    while (i < edits.size() && edits[i].op == Op::common) ++i;
    if (i == edits.size()) return;
    const std::size_t begin = i - std::min(i, context);
    std::size_t last_change = i;
    for (std::size_t j = i + 1; j < edits.size() && j <= last_change + 2 * context + 1; ++j)
      if (edits[j].op != Op::common) last_change = j;
    const std::size_t end = std::min(edits.size(), last_change + context + 1);
    print_hunk(a, b, edits, begin, end, printer);
    i = end;
  }
}

}  // namespace

std::string unified_diff(std::string_view expected, std::string_view actual, DiffOptions options) {
  if (expected == actual) return "";
  const Lines a = split_keeping_newlines(expected);
  const Lines b = split_keeping_newlines(actual);
  const Middle middle = find_middle(a, b);
  const std::vector<Edit> edits = edit_script(a, b, middle, options.context);
  DiffPrinter printer(options.max_lines);
  printer.line("--- expected");
  printer.line("+++ actual");
  print_hunks(a, b, edits, options.context, printer);
  std::string diff = printer.finish();
  if (middle.excerpt)
    diff += "... (a diff of an excerpt from line " + std::to_string(middle.begin + 1) +
            ": expected has " + std::to_string(a.size()) + " lines, actual has " +
            std::to_string(b.size()) + ")\n";
  return diff;
}

}  // namespace ipcgrade
