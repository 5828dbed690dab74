#include "search/site_search.hpp"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "search/js_string.hpp"
#include "search/lunr_builder.hpp"
#include "search/lunr_pipeline.hpp"
#include "search/spelling.hpp"
#include "site/paths.hpp"
#include "util/json_text.hpp"
#include "util/text.hpp"

namespace kb::search {

namespace {

using nlohmann::json;

// Refs are short ("d0", "d1", … in base 36) because lunr repeats a document's ref in every
// posting of every term it contains: long refs would be most of the index. Notes take "n…".
std::string short_ref(char prefix, std::size_t n) {
  const char* digits = "0123456789abcdefghijklmnopqrstuvwxyz";
  std::string out;
  do {
    out.insert(out.begin(), digits[n % 36]);
    n /= 36;
  } while (n);
  return prefix + out;
}

struct Builder {
  SiteSearch out;

  void add(Corpus& corpus, char prefix, json meta, const std::string& text,
           std::vector<std::pair<std::string, std::string>> fields, double boost) {
    const std::string ref = short_ref(prefix, corpus.documents.size());
    for (auto& [name, value] : fields) value = shape_for_search(value);
    corpus.documents.push_back({ref, std::move(fields), boost});
    out.meta["docs"][ref] = std::move(meta);
    if (!text.empty()) out.text[ref] = text;
  }
};

// The line every curated lesson and principle opens with ("Stated in chapter 2 of the book,
// section ...") says where the quote is, which the result's link already does: not searched.
bool is_provenance_line(const std::string& text) { return util::starts_with(text, "Stated in "); }

}  // namespace

SiteSearch site_search(const content::Content& content, const graph::Graph& graph) {
  Builder b;
  b.out.passages.ref_field = "id";
  // Two fields only: lunr stores every field of every document (vectors and postings), so each
  // field costs about 100 KB gzipped on this site. Entity names and aliases, and a passage's
  // section heading, are its "title".
  b.out.passages.fields = {{"title", 10}, {"body", 1}};
  b.out.notes.ref_field = "id";
  b.out.notes.fields = {{"body", 1}};
  b.out.meta["docs"] = json::object();
  for (std::size_t i = 0; i < content.pages.size(); ++i) {
    const auto& page = content.pages[i];
    const auto& r = *graph.rendered[i];
    const std::string& url = page.url;
    const schema::Kind* kind = content.kind_of(page);
    if (!kind) continue;
    if (kind->role == schema::Role::text) {
      b.add(b.out.passages, 'd', {{"t", page.title()}, {"u", url}, {"k", kind->name}}, "",
            {{"title", page.title()}}, 1.0);
      for (const auto& block : r.blocks) {
        if (block.anchor.empty() || block.text.empty()) continue;
        if (block.footnote) {
          b.add(b.out.notes, 'n',
                {{"t", "Note " + block.anchor.substr(3)}, {"u", url + "#" + block.anchor}, {"k", kind->name},
                 {"b", page.title()}, {"n", 1}},
                block.text, {{"body", block.text}}, 1.0);
          continue;
        }
        const std::string& heading = block.section_id.empty() ? page.title() : block.section_title;
        b.add(b.out.passages, 'd',
              {{"t", heading}, {"u", url + "#" + block.anchor}, {"k", kind->name}, {"b", page.title()}}, block.text,
              {{"title", block.section_id.empty() ? "" : block.section_title}, {"body", block.text}}, 1.0);
      }
    } else if (kind->role == schema::Role::entity) {
      // A reader typing an acronym or a theme wants its page before the passages that mention
      // it: the schema's search_boost says which kinds.
      const content::Quote* quote = content.quote_of(page);
      std::string body = quote ? quote->quote.text : "";
      for (const auto& block : r.blocks)
        if (!is_provenance_line(block.text)) body += " " + block.text;
      if (r.blocks.empty()) body += " " + r.plain;
      body = util::fold_whitespace(body);
      std::string aliases;
      for (const auto& alias : page.list("aliases")) aliases += (aliases.empty() ? "" : " ") + alias;
      const std::string title = content.full_title(page);
      b.add(b.out.passages, 'd', {{"t", title}, {"u", url}, {"k", page.kind}}, body,
            {{"title", title + " " + aliases}, {"body", body}}, kind->search_boost);
    }
  }
  b.out.meta["spelling"] = spelling_rules();
  json labels = json::object();
  for (const auto& kind : content.schema.kinds) labels[kind.name] = kind.label;
  b.out.meta["kinds"] = labels;
  b.out.meta["text_kind"] = content.schema.by_role(schema::Role::text)->name;
  return std::move(b.out);
}

json term_words(const std::vector<const std::vector<TokenCount>*>& token_lists) {
  // The builders have already put each distinct token through lunr's pipeline; a word is the
  // token trimmed as lunr's trimmer does, and its term is the token's.
  std::map<std::string, std::map<std::string, std::size_t>> uses;  // term → word → count
  for (const std::vector<TokenCount>* tokens : token_lists) {
    for (const TokenCount& token : *tokens) {
      if (token.term.empty()) continue;
      const std::u16string whole = utf8_to_utf16(token.token);
      const std::u16string_view word = lunr_trim(whole);
      if (!word.empty()) uses[token.term][utf16_to_utf8(word)] += token.count;
    }
  }
  json out = json::object();
  for (const auto& [term, words] : uses) {
    // The most frequent word, the first in byte order on a tie.
    const auto best = std::max_element(words.begin(), words.end(),
                                       [](const auto& a, const auto& b) { return a.second < b.second; });
    if (best->first != term) out[term] = best->first;
  }
  return out;
}

json previews(const content::Content& content, const graph::Graph& graph) {
  json out = json::object();
  for (std::size_t i = 0; i < content.pages.size(); ++i) {
    const auto& page = content.pages[i];
    const schema::Kind* k = content.kind_of(page);
    if (!k || k->role != schema::Role::entity) continue;
    const content::Quote* quote = content.quote_of(page);
    std::string summary = page.str("summary");
    if (summary.empty() && quote) summary = quote->quote.text;
    if (summary.empty()) summary = graph.rendered[i]->plain;
    out[page.key()] = {{"t", content.full_title(page)}, {"k", k->label}, {"s", graph::snippet(summary, 280)}};
  }
  return out;
}

std::string index_script(const std::string& variable, const std::string& index_json) {
  return "window." + variable + " = " + index_json + ";\n";
}

std::string data_script(const std::string& variable, const json& value) {
  std::string out = "window." + variable + " = ";
  util::append_json(out, value, -1, json::error_handler_t::replace);
  out += ";\n";
  return out;
}

}  // namespace kb::search
