// JavaScript number formatting on top of std::to_chars, which already yields the shortest
// round-trip digits; only the layout rules of Number::toString are added here.
#include "search/js_number.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace kb::search {

std::string js_number_to_string(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return "0";  // -0 prints as "0" too.

  // Scientific form "d.ddde±x" gives the digits and the exponent without guessing lengths.
  char buf[64];
  const auto result = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  const std::string_view sci(buf, static_cast<std::size_t>(result.ptr - buf));
  std::string out;
  std::size_t pos = 0;
  if (sci[0] == '-') {
    out.push_back('-');
    pos = 1;
  }
  const std::size_t e_pos = sci.find('e');
  std::string digits;
  for (std::size_t i = pos; i < e_pos; ++i) {
    if (sci[i] != '.') digits.push_back(sci[i]);
  }
  const int exponent = std::atoi(std::string(sci.substr(e_pos + 1)).c_str());
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // value = 0.digits × 10^n

  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<std::size_t>(n));
    out.push_back('.');
    out.append(digits, static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out.push_back(digits[0]);
    if (k > 1) {
      out.push_back('.');
      out.append(digits, 1);
    }
    out.push_back('e');
    out.push_back(n - 1 >= 0 ? '+' : '-');
    out += std::to_string(std::abs(n - 1));
  }
  return out;
}

void append_json_number(std::string& out, double value) {
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  // Integers are by far the most common case in an index (term indices); skip to_chars.
  if (value >= 0 && value < 1e15 && value == std::floor(value)) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(value));
    out.append(buf, r.ptr);
    return;
  }
  // Scores are rounded to thousandths. Below 2^30 a double is closer than 1e-7 to the
  // thousandth it was rounded to, so no shorter decimal lies within its rounding interval and
  // the shortest round-trip form is k/1000 with its trailing zeros dropped.
  if (std::fabs(value) < 1073741824.0) {
    const double scaled = std::round(value * 1000);
    if (scaled / 1000 == value) {
      long long k = static_cast<long long>(scaled);
      if (k < 0) {
        out.push_back('-');
        k = -k;
      }
      char buf[24];
      const auto r = std::to_chars(buf, buf + sizeof buf, k / 1000);
      out.append(buf, r.ptr);
      int fraction = static_cast<int>(k % 1000);
      if (fraction != 0) {
        out.push_back('.');
        char digits[3] = {static_cast<char>('0' + fraction / 100),
                          static_cast<char>('0' + fraction / 10 % 10),
                          static_cast<char>('0' + fraction % 10)};
        int length = 3;
        while (digits[length - 1] == '0') --length;
        out.append(digits, static_cast<std::size_t>(length));
      }
      return;
    }
  }
  out += js_number_to_string(value);
}

double js_math_round(double value) {
  if (!std::isfinite(value)) return value;
  // x - floor(x) is exact for doubles, so this avoids the floor(x + 0.5) error on
  // 0.49999999999999994 and on odd integers above 2^52.
  const double lower = std::floor(value);
  const double result = (value - lower >= 0.5) ? lower + 1 : lower;
  // Math.round keeps the sign of zero for inputs in [-0.5, -0]; the sign is lost in JSON.
  if (result == 0 && std::signbit(value)) return -0.0;
  return result;
}

}  // namespace kb::search
