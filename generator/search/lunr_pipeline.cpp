// lunr.trimmer and lunr.stopWordFilter.
#include "search/lunr_pipeline.hpp"

#include <algorithm>
#include <array>

#include "search/lunr_stemmer.hpp"

namespace kb::search {

namespace {

bool is_word_char(char16_t c) {
  return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
         c == u'_';
}

// Sorted (by code unit) so that lookup is a binary search; the list is lunr's, verbatim.
constexpr std::array<std::u16string_view, 119> kStopWords = {
    u"a",       u"able",   u"about",  u"across", u"after",  u"all",     u"almost", u"also",
    u"am",      u"among",  u"an",     u"and",    u"any",    u"are",     u"as",     u"at",
    u"be",      u"because", u"been",  u"but",    u"by",     u"can",     u"cannot", u"could",
    u"dear",    u"did",    u"do",     u"does",   u"either", u"else",    u"ever",   u"every",
    u"for",     u"from",   u"get",    u"got",    u"had",    u"has",     u"have",   u"he",
    u"her",     u"hers",   u"him",    u"his",    u"how",    u"however", u"i",      u"if",
    u"in",      u"into",   u"is",     u"it",     u"its",    u"just",    u"least",  u"let",
    u"like",    u"likely", u"may",    u"me",     u"might",  u"most",    u"must",   u"my",
    u"neither", u"no",     u"nor",    u"not",    u"of",     u"off",     u"often",  u"on",
    u"only",    u"or",     u"other",  u"our",    u"own",    u"rather",  u"said",   u"say",
    u"says",    u"she",    u"should", u"since",  u"so",     u"some",    u"than",   u"that",
    u"the",     u"their",  u"them",   u"then",   u"there",  u"these",   u"they",   u"this",
    u"tis",     u"to",     u"too",    u"twas",   u"us",     u"wants",   u"was",    u"we",
    u"were",    u"what",   u"when",   u"where",  u"which",  u"while",   u"who",    u"whom",
    u"why",     u"will",   u"with",   u"would",  u"yet",    u"you",     u"your"};
static_assert(std::is_sorted(kStopWords.begin(), kStopWords.end()));

}  // namespace

std::u16string_view lunr_trim(std::u16string_view token) {
  std::size_t begin = 0;
  while (begin < token.size() && !is_word_char(token[begin])) ++begin;
  std::size_t end = token.size();
  while (end > begin && !is_word_char(token[end - 1])) --end;
  return token.substr(begin, end - begin);
}

bool is_lunr_stop_word(std::u16string_view token) {
  if (token.empty() || token.size() > 7) return false;
  return std::binary_search(kStopWords.begin(), kStopWords.end(), token);
}

std::optional<std::u16string> lunr_index_term(std::u16string_view token) {
  const std::u16string_view trimmed = lunr_trim(token);
  if (is_lunr_stop_word(trimmed)) return std::nullopt;
  return lunr_stem(trimmed);
}

}  // namespace kb::search
