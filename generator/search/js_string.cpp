// UTF-16 conversions, JS toLowerCase through ICU, array-index keys, JSON.stringify escaping.
#include "search/js_string.hpp"

#include <unicode/ucasemap.h>
#include <unicode/ustring.h>
#include <unicode/utypes.h>

#include <vector>

namespace kb::search {

namespace {

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool is_high_surrogate(char16_t c) { return c >= 0xD800 && c <= 0xDBFF; }
bool is_low_surrogate(char16_t c) { return c >= 0xDC00 && c <= 0xDFFF; }

}  // namespace

std::u16string utf8_to_utf16(std::string_view utf8) {
  std::u16string out;
  out.reserve(utf8.size());
  const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
  const std::size_t n = utf8.size();
  std::size_t i = 0;
  while (i < n) {
    const unsigned char b0 = s[i];
    if (b0 < 0x80) {
      out.push_back(b0);
      ++i;
      continue;
    }
    // Decode one sequence; on the first byte that does not fit, emit U+FFFD for what was
    // consumed and resume at that byte (the "maximal subpart" rule of the Encoding standard).
    int need = 0;
    char32_t cp = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      need = 1;
      cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      need = 2;
      cp = b0 & 0x0F;
      if (b0 == 0xE0) lo = 0xA0;
      if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      need = 3;
      cp = b0 & 0x07;
      if (b0 == 0xF0) lo = 0x90;
      if (b0 == 0xF4) hi = 0x8F;
    } else {
      out.push_back(0xFFFD);
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    bool ok = true;
    for (int k = 0; k < need; ++k, ++j) {
      if (j >= n || s[j] < lo || s[j] > hi) {
        ok = false;
        break;
      }
      cp = (cp << 6) | (s[j] & 0x3F);
      lo = 0x80;
      hi = 0xBF;
    }
    if (!ok) {
      out.push_back(0xFFFD);
      i = j;
      continue;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
    i = j;
  }
  return out;
}

std::string utf16_to_utf8(std::u16string_view utf16) {
  std::string out;
  out.reserve(utf16.size());
  for (std::size_t i = 0; i < utf16.size(); ++i) {
    const char16_t c = utf16[i];
    if (is_high_surrogate(c) && i + 1 < utf16.size() && is_low_surrogate(utf16[i + 1])) {
      append_utf8(out, 0x10000 + ((char32_t(c) - 0xD800) << 10) + (utf16[i + 1] - 0xDC00));
      ++i;
    } else if (is_high_surrogate(c) || is_low_surrogate(c)) {
      append_utf8(out, 0xFFFD);
    } else {
      append_utf8(out, c);
    }
  }
  return out;
}

std::u16string js_to_lower_case(std::u16string_view s) {
  // V8 lowercases one-byte strings with a Latin-1 table and everything else with ICU;
  // for Latin-1 input ICU gives the same result, so the ASCII fast path is only a shortcut.
  bool ascii = true;
  for (char16_t c : s) {
    if (c >= 0x80) {
      ascii = false;
      break;
    }
  }
  std::u16string out(s);
  if (ascii) {
    for (char16_t& c : out) {
      if (c >= u'A' && c <= u'Z') c = static_cast<char16_t>(c + 32);
    }
    return out;
  }
  // Full lowercase mapping can lengthen a string (U+0130 -> 2 units); retry with the size ICU
  // asks for.
  std::vector<UChar> buffer(s.size() + 16);
  UErrorCode status = U_ZERO_ERROR;
  const auto* src = reinterpret_cast<const UChar*>(s.data());
  int32_t length = u_strToLower(buffer.data(), static_cast<int32_t>(buffer.size()), src,
                                static_cast<int32_t>(s.size()), "", &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    buffer.resize(static_cast<std::size_t>(length));
    status = U_ZERO_ERROR;
    length = u_strToLower(buffer.data(), static_cast<int32_t>(buffer.size()), src,
                          static_cast<int32_t>(s.size()), "", &status);
  }
  if (U_FAILURE(status)) return out;  // Only on allocation failure inside ICU.
  return std::u16string(reinterpret_cast<const char16_t*>(buffer.data()),
                        static_cast<std::size_t>(length));
}

namespace {

bool is_valid_utf8(std::string_view utf8) {
  std::size_t i = 0;
  const auto* s = reinterpret_cast<const unsigned char*>(utf8.data());
  const std::size_t n = utf8.size();
  while (i < n) {
    const unsigned char b0 = s[i];
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    int need;
    unsigned char lo = 0x80, hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      need = 1;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      need = 2;
      if (b0 == 0xE0) lo = 0xA0;
      if (b0 == 0xED) hi = 0x9F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      need = 3;
      if (b0 == 0xF0) lo = 0x90;
      if (b0 == 0xF4) hi = 0x8F;
    } else {
      return false;
    }
    if (i + static_cast<std::size_t>(need) >= n) return false;
    for (int k = 1; k <= need; ++k) {
      const unsigned char b = s[i + static_cast<std::size_t>(k)];
      if (b < lo || b > hi) return false;
      lo = 0x80;
      hi = 0xBF;
    }
    i += static_cast<std::size_t>(need) + 1;
  }
  return true;
}

}  // namespace

Utf8LowerCaser::Utf8LowerCaser() {
  UErrorCode status = U_ZERO_ERROR;
  map_ = ucasemap_open("", 0, &status);
  if (U_FAILURE(status)) map_ = nullptr;
}

Utf8LowerCaser::~Utf8LowerCaser() {
  if (map_) ucasemap_close(map_);
}

void Utf8LowerCaser::lower(std::string_view utf8, std::string& out) {
  if (!map_ || !is_valid_utf8(utf8)) {
    out = utf16_to_utf8(js_to_lower_case(utf8_to_utf16(utf8)));
    return;
  }
  out.resize(utf8.size() + 16);
  UErrorCode status = U_ZERO_ERROR;
  int32_t length = ucasemap_utf8ToLower(map_, out.data(), static_cast<int32_t>(out.size()),
                                        utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    out.resize(static_cast<std::size_t>(length));
    status = U_ZERO_ERROR;
    length = ucasemap_utf8ToLower(map_, out.data(), static_cast<int32_t>(out.size()), utf8.data(),
                                  static_cast<int32_t>(utf8.size()), &status);
  }
  if (U_FAILURE(status)) {
    out = utf16_to_utf8(js_to_lower_case(utf8_to_utf16(utf8)));
    return;
  }
  out.resize(static_cast<std::size_t>(length));
}

bool is_array_index(std::u16string_view key, std::uint32_t* value) {
  if (key.empty() || key.size() > 10) return false;
  if (key.size() > 1 && key[0] == u'0') return false;
  std::uint64_t v = 0;
  for (char16_t c : key) {
    if (c < u'0' || c > u'9') return false;
    v = v * 10 + static_cast<std::uint64_t>(c - u'0');
  }
  if (v > 4294967294ULL) return false;  // 2^32 - 1 is not an array index.
  if (value) *value = static_cast<std::uint32_t>(v);
  return true;
}

void append_json_string(std::string& out, std::u16string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char16_t c = s[i];
    switch (c) {
      case u'"': out += "\\\""; continue;
      case u'\\': out += "\\\\"; continue;
      case u'\b': out += "\\b"; continue;
      case u'\f': out += "\\f"; continue;
      case u'\n': out += "\\n"; continue;
      case u'\r': out += "\\r"; continue;
      case u'\t': out += "\\t"; continue;
      default: break;
    }
    if (c < 0x20) {
      out += "\\u00";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    } else if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (is_high_surrogate(c) && i + 1 < s.size() && is_low_surrogate(s[i + 1])) {
      append_utf8(out, 0x10000 + ((char32_t(c) - 0xD800) << 10) + (s[i + 1] - 0xDC00));
      ++i;
    } else if (is_high_surrogate(c) || is_low_surrogate(c)) {
      // Well-formed JSON.stringify (ES2019) escapes lone surrogates instead of emitting them.
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHex[(c >> shift) & 0xF]);
    } else {
      append_utf8(out, c);
    }
  }
  out.push_back('"');
}

}  // namespace kb::search
