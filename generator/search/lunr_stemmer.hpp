// lunr.stemmer (lunr.js 2.3.9): the Porter stemmer exactly as lunr implements it with regular
// expressions, which is not the reference Porter algorithm (nor Snowball's "porter"): "y" is a
// vowel in some patterns and not in others, so lunr keeps "key", "employ" and "assembl" where
// libstemmer gives "kei", "emploi" and "assembli". Works on UTF-16 code units like JavaScript:
// any code unit that is not an ASCII vowel counts as a consonant, lengths are in code units.
#pragma once

#include <string>
#include <string_view>

namespace kb::search {

std::u16string lunr_stem(std::u16string_view word);

}  // namespace kb::search
