// The rest of lunr's default indexing pipeline (lunr.js 2.3.9): lunr.trimmer, then
// lunr.stopWordFilter, then lunr.stemmer (in lunr_stemmer.hpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace kb::search {

// lunr.trimmer: s.replace(/^\W+/, '').replace(/\W+$/, ''). \W is ASCII-only without the u
// flag, so accented letters, CJK and emoji at either edge are stripped as well, and a token
// of punctuation only ("&", "—") becomes the empty string, which lunr keeps and indexes.
std::u16string_view lunr_trim(std::u16string_view token);

// lunr.stopWordFilter: true for the 119 words of lunr's English stop-word list.
bool is_lunr_stop_word(std::u16string_view token);

// trimmer, stop-word filter and stemmer on one token: the term lunr indexes, or nullopt for a
// stop word. The empty string is a valid term.
std::optional<std::u16string> lunr_index_term(std::u16string_view token);

}  // namespace kb::search
