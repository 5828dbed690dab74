// How the site's search text is shaped before Lunr sees it, so that one spelling finds the
// other and names are not split into common words. One table of rules, applied here to every
// indexed field and sent to the page (search/meta.js, "spelling") so that kb.js shapes the
// reader's query and highlights matches with exactly the same rules.
//
// - Accented Latin letters are folded to their base letters (lunr's trimmer would strip them at
//   word edges), curly apostrophes become straight ones.
// - British and American spellings meet: -isation/-ise/-ised/-ising/... become -ization/-ize/...
//   (Porter's stemmer then joins "demobilization" and "demobilisation"), and a short list of
//   words (defence/defense, programme/program, labour/labor, ...) takes one form.
// - A few names are joined into one token ("United Nations" → "unitednations"), so that "unit"
//   and "national" no longer match every mention of the organisation.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace kb::search {

// The text as indexed: the rules above, applied word by word; other characters unchanged.
std::string shape_for_search(std::string_view text);

// The same rules as data for the page: {"suffixes": [[from, to], ...], "min": N,
// "prefixes": [[from, to], ...], "compounds": [[w1, w2, joined], ...]}, all lower case.
nlohmann::json spelling_rules();

// What shape_for_search folds character by character, for the page's script to fold queries,
// table filters and highlights alike: {"é": "e", "æ": "ae", "’": "'", ...} (the Latin letters
// of util::fold_latin_letter, the curly apostrophes of util::straight_quote).
nlohmann::json fold_table();

}  // namespace kb::search
