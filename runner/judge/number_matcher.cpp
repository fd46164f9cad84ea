#include "judge/number_matcher.h"

#include <charconv>
#include <cmath>

#include "judge/match_text.h"

namespace ipcgrade {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_word(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.';
}

std::size_t skip_digits(std::string_view text, std::size_t i) {
  while (i < text.size() && is_digit(text[i])) ++i;
  return i;
}

// The end of the mantissa that starts at `i` (after any sign), or `i` when
// there is none: digits, a dot, digits, with at least one digit.
std::size_t mantissa_end(std::string_view text, std::size_t i) {
  const std::size_t int_end = skip_digits(text, i);
  if (int_end == text.size() || text[int_end] != '.') return int_end;
  const std::size_t frac_end = skip_digits(text, int_end + 1);
  if (int_end == i && frac_end == int_end + 1) return i;  // a lone dot
  return frac_end;
}

// The length of the number at text[i], or 0 when none starts there.
std::size_t number_length(std::string_view text, std::size_t i) {
  std::size_t j = i;
  if (text[j] == '+' || text[j] == '-') {
    if (i > 0 && is_word(text[i - 1])) return 0;
    ++j;
  }
  std::size_t end = mantissa_end(text, j);
  if (end == j) return 0;
  // An exponent only when digits follow: "3e" is 3 and a letter.
  if (end < text.size() && (text[end] == 'e' || text[end] == 'E')) {
    std::size_t k = end + 1;
    if (k < text.size() && (text[k] == '+' || text[k] == '-')) ++k;
    const std::size_t exp_end = skip_digits(text, k);
    if (exp_end > k) end = exp_end;
  }
  return end - i;
}

double parse_number(std::string_view text) {
  // from_chars is locale-independent but takes no '+'.
  if (text.front() == '+') text.remove_prefix(1);
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) return text.front() == '-' ? -HUGE_VAL : HUGE_VAL;
  return value;
}

std::string shortest(double value) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, end);
}

bool close_enough(double seen, double expected, const spec::Matcher& matcher) {
  const double bound =
      matcher.relative ? matcher.tolerance * std::fabs(expected) : matcher.tolerance;
  return std::fabs(seen - expected) <= bound;
}

std::string count_message(const std::vector<FoundNumber>& found, const spec::Matcher& matcher,
                          std::string_view stream) {
  std::string message = std::string(stream) + " has " + count_of(found.size(), "number");
  if (!found.empty()) {
    std::vector<std::string> shown;
    for (const auto& number : found) shown.emplace_back(number.text);
    message += " (" + list_of(shown, 10) + ")";
  }
  return message + ", expected " + std::to_string(matcher.numbers.size());
}

}  // namespace

std::vector<FoundNumber> find_numbers(std::string_view text) {
  std::vector<FoundNumber> found;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = number_length(text, i);
    if (n == 0) {
      ++i;
      continue;
    }
    const std::string_view number = text.substr(i, n);
    found.push_back({number, parse_number(number)});
    i += n;
  }
  return found;
}

MatchResult check_numbers(const spec::Matcher& matcher, std::string_view text,
                          std::string_view stream) {
  const auto found = find_numbers(text);
  if (found.size() != matcher.numbers.size()) return failed(count_message(found, matcher, stream));
  for (std::size_t i = 0; i < found.size(); ++i) {
    const double expected = matcher.numbers[i];
    if (close_enough(found[i].value, expected, matcher)) continue;
    return failed(std::string(stream) + " number " + std::to_string(i + 1) + " is " +
                  std::string(found[i].text) + ", expected " + shortest(expected) + " (" +
                  (matcher.relative ? "relative " : "") + "tolerance " +
                  shortest(matcher.tolerance) + ")");
  }
  return {};
}

}  // namespace ipcgrade
