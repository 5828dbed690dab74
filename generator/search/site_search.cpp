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

  void add(Corpus& corpus, char prefix, DocMeta meta, const std::string& text,
           std::vector<std::pair<std::string, std::string>> fields, double boost) {
    const std::string ref = short_ref(prefix, corpus.documents.size());
    for (auto& [name, value] : fields) value = shape_for_search(value);
    corpus.documents.push_back({ref, std::move(fields), boost});
    meta.ref = ref;
    out.docs.push_back(std::move(meta));
    if (!text.empty()) out.text.emplace_back(ref, text);
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
  for (std::size_t i = 0; i < content.pages.size(); ++i) {
    const auto& page = content.pages[i];
    const auto& r = *graph.rendered[i];
    const std::string& url = page.url;
    const schema::Kind* kind = content.kind_of(page);
    if (!kind) continue;
    if (kind->role == schema::Role::text) {
      b.add(b.out.passages, 'd', {"", page.title(), url, kind->name}, "", {{"title", page.title()}}, 1.0);
      for (const auto& block : r.blocks) {
        if (block.anchor.empty() || block.text.empty()) continue;
        if (block.footnote) {
          b.add(b.out.notes, 'n', {"", "Note " + block.anchor.substr(3), url + "#" + block.anchor, kind->name, page.title(), true},
                block.text, {{"body", block.text}}, 1.0);
          continue;
        }
        const std::string& heading = block.section_id.empty() ? page.title() : block.section_title;
        b.add(b.out.passages, 'd', {"", heading, url + "#" + block.anchor, kind->name, page.title()}, block.text,
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
      b.add(b.out.passages, 'd', {"", title, url, page.kind}, body, {{"title", title + " " + aliases}, {"body", body}},
            kind->search_boost);
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

namespace {

// A string as nlohmann's dump writes it with error_handler_t::replace.
void append_string(std::string& out, const std::string& s) {
  util::append_json_string(out, s, json::error_handler_t::replace);
}

// The positions of `items` in the byte order of their refs (an object's key order).
template <class T, class Ref>
std::vector<std::size_t> by_ref(const std::vector<T>& items, Ref ref) {
  std::vector<std::size_t> order(items.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ref(items[a]) < ref(items[b]); });
  return order;
}

}  // namespace

std::string meta_script(const SiteSearch& search) {
  std::size_t size = 256;
  for (const DocMeta& d : search.docs) size += d.ref.size() + d.title.size() + d.url.size() + d.kind.size() + 40;
  std::string docs;
  docs.reserve(size);
  docs += '{';
  for (std::size_t i : by_ref(search.docs, [](const DocMeta& d) -> const std::string& { return d.ref; })) {
    const DocMeta& d = search.docs[i];
    if (docs.size() > 1) docs += ',';
    append_string(docs, d.ref);
    docs += ":{";  // the keys in byte order: b, k, n, t, u
    if (d.breadcrumb) {
      docs += "\"b\":";
      append_string(docs, *d.breadcrumb);
      docs += ',';
    }
    docs += "\"k\":";
    append_string(docs, d.kind);
    if (d.note) docs += ",\"n\":1";
    docs += ",\"t\":";
    append_string(docs, d.title);
    docs += ",\"u\":";
    append_string(docs, d.url);
    docs += '}';
  }
  docs += '}';
  // "docs" among the other keys, in their byte order.
  std::string out = "window.KB_SEARCH_META = {";
  bool docs_written = false;
  for (auto it = search.meta.begin(); it != search.meta.end(); ++it) {
    if (!docs_written && it.key() > "docs") {
      out += "\"docs\":" + docs + ",";
      docs_written = true;
    }
    append_string(out, it.key());
    out += ':';
    util::append_json(out, it.value(), -1, json::error_handler_t::replace);
    out += ',';
  }
  if (!docs_written) out += "\"docs\":" + docs + ",";
  out.back() = '}';
  out += ";\n";
  return out;
}

std::string text_script(const SiteSearch& search) {
  std::size_t size = 64;
  for (const auto& [ref, text] : search.text) size += ref.size() + text.size() + 8;
  std::string out;
  out.reserve(size);
  out += "window.KB_SEARCH_TEXT = {";
  const std::size_t start = out.size();
  for (std::size_t i : by_ref(search.text, [](const auto& t) -> const std::string& { return t.first; })) {
    if (out.size() > start) out += ',';
    append_string(out, search.text[i].first);
    out += ':';
    append_string(out, search.text[i].second);
  }
  out += "};\n";
  return out;
}

}  // namespace kb::search
