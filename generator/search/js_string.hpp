// JavaScript string semantics that lunr.js relies on, reproduced in C++: strings as UTF-16
// code units, String.prototype.toLowerCase, the order of an object's own keys, and the
// string escaping of JSON.stringify. Lunr measures, sorts and stems in UTF-16 code units,
// so the search pipeline works on std::u16string and converts to UTF-8 only for output.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

struct UCaseMap;  // ICU's case-mapping object (unicode/ucasemap.h)

namespace kb::search {

// UTF-8 to UTF-16. Invalid UTF-8 (which nlohmann::json never hands us, but a Corpus built in
// code might contain) becomes U+FFFD per maximal invalid subsequence, as TextDecoder does.
std::u16string utf8_to_utf16(std::string_view utf8);

// UTF-16 to UTF-8; a lone surrogate becomes U+FFFD (use append_json_string to keep it).
std::string utf16_to_utf8(std::u16string_view utf16);

// String.prototype.toLowerCase as V8 implements it (ICU's root-locale full lowercase mapping:
// U+0130 becomes "i\u0307", a capital sigma at the end of a word becomes final sigma).
// Limit: the Unicode version is that of the system ICU (Debian 12: ICU 72, Unicode 15.0);
// letters first given a lowercase mapping by a later Unicode version stay unchanged here.
std::u16string js_to_lower_case(std::u16string_view s);

// js_to_lower_case on UTF-8 text, for the index builder's hot path: ICU lowercases the UTF-8
// directly, without converting to UTF-16 and back. Holds an ICU case-mapping object, so make
// one per build, not per string. Invalid UTF-8 first becomes U+FFFD, as in utf8_to_utf16.
class Utf8LowerCaser {
 public:
  Utf8LowerCaser();
  ~Utf8LowerCaser();
  Utf8LowerCaser(const Utf8LowerCaser&) = delete;
  Utf8LowerCaser& operator=(const Utf8LowerCaser&) = delete;

  // Writes the lowercased text to `out` (replacing its contents).
  void lower(std::string_view utf8, std::string& out);

 private:
  ::UCaseMap* map_ = nullptr;
};

// True for a canonical array index ("0", "7", "4294967294"; not "01", "-1", "4294967295").
// JavaScript enumerates such keys of an ordinary object first, in ascending numeric order,
// and all other string keys after them in insertion order; JSON.stringify follows that order.
bool is_array_index(std::u16string_view key, std::uint32_t* value = nullptr);

// Appends the JSON.stringify form of a string (with the quotes) as UTF-8: escapes '"', '\\',
// control characters (\b \t \n \f \r, otherwise \u00xx) and lone surrogates (\udxxx), and
// copies everything else, U+2028 and U+2029 included.
void append_json_string(std::string& out, std::u16string_view s);

}  // namespace kb::search
