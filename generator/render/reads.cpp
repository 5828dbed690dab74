// The content and the graph as the view builders read them: every lookup is recorded while a
// content page's views are built, and fingerprinted afterwards (reads.hpp).
#include "render/reads.hpp"

#include <algorithm>
#include <cstring>

#include "render/site_renderer.hpp"
#include "util/parallel.hpp"

namespace kb::render {

using content::Page;

namespace {

thread_local std::vector<Read>* reading = nullptr;

constexpr std::uint64_t kMul = 0x9e3779b97f4a7c15ull;

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h = (h ^ v) * kMul;
  return h ^ (h >> 29);
}

}  // namespace

// Eight bytes at a time, the length first, so that ("ab", "c") and ("a", "bc") differ.
Hasher& Hasher::add(std::string_view s) {
  h_ = mix(h_, s.size());
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t v;
    std::memcpy(&v, s.data() + i, 8);
    h_ = mix(h_, v);
  }
  if (i < s.size()) {
    std::uint64_t v = 0;
    std::memcpy(&v, s.data() + i, s.size() - i);
    h_ = mix(h_, v);
  }
  return *this;
}

Hasher& Hasher::add(std::uint64_t n) {
  h_ = mix(h_, n);
  return *this;
}

void record_reads(std::vector<Read>* log) { reading = log; }

void record(Table table, const std::string& key) {
  if (reading) reading->push_back({table, key});
}

// ---- The lookups the views make -------------------------------------------------------------

const Page& SiteRenderer::page_at(std::size_t i) const {
  record(Table::page, c_.pages[i].key());
  return c_.pages[i];
}

const Page* SiteRenderer::find(const std::string& key) const {
  record(Table::page, key);
  return c_.find(key);
}

const std::vector<Page>& SiteRenderer::all_pages() const {
  record(Table::all, "");
  return c_.pages;
}

const markdown::Rendered& SiteRenderer::rendered(const Page& p) const {
  record(Table::rendered, p.key());
  return *g_.rendered[static_cast<std::size_t>(&p - c_.pages.data())];
}

const std::vector<graph::Passage>& SiteRenderer::passages_of(const std::string& key) const {
  static const std::vector<graph::Passage> none;
  record(Table::passages, key);
  auto it = g_.passages.find(key);
  return it == g_.passages.end() ? none : it->second;
}

std::size_t SiteRenderer::passage_count(const std::string& key) const {
  record(Table::passage_count, key);
  auto it = g_.passages.find(key);
  return it == g_.passages.end() ? 0 : it->second.size();
}

std::vector<const Page*> SiteRenderer::pages_of_kind(const std::string& kind) const {
  record(Table::kind_pages, kind);
  std::vector<const Page*> out;
  for (const Page& p : c_.pages)
    if (p.kind == kind) {
      record(Table::page, p.key());
      out.push_back(&p);
    }
  return out;
}

const std::vector<const graph::Edge*>& SiteRenderer::edges_into(const std::string& key) const {
  static const std::vector<const graph::Edge*> none;
  record(Table::incoming, key);
  auto it = g_.incoming.find(key);
  return it == g_.incoming.end() ? none : it->second;
}

const std::vector<const graph::Edge*>& SiteRenderer::edges_from(const std::string& key) const {
  static const std::vector<const graph::Edge*> none;
  record(Table::outgoing, key);
  auto it = g_.outgoing.find(key);
  return it == g_.outgoing.end() ? none : it->second;
}

const graph::QuoteLocation* SiteRenderer::quote_at(const std::string& quote_key) const {
  record(Table::quote, quote_key);
  auto it = g_.quotes.find(quote_key);
  return it == g_.quotes.end() ? nullptr : &it->second;
}

const graph::Edge* SiteRenderer::value_evidence(const std::string& value_key) const {
  record(Table::value_evidence, value_key);
  auto it = g_.value_evidence.find(value_key);
  return it == g_.value_evidence.end() ? nullptr : &it->second;
}

const std::map<std::string, std::set<std::string>>& SiteRenderer::block_mentions(const std::string& key) const {
  static const std::map<std::string, std::set<std::string>> none;
  record(Table::block_mentions, key);
  auto it = g_.block_mentions.find(key);
  return it == g_.block_mentions.end() ? none : it->second;
}

const std::map<std::string, int>& SiteRenderer::mentions_in(const std::string& key) const {
  static const std::map<std::string, int> none;
  record(Table::mentions_in, key);
  auto it = g_.mentions_in.find(key);
  return it == g_.mentions_in.end() ? none : it->second;
}

std::vector<std::pair<int, std::string>> SiteRenderer::matrix_column(const std::string& key) const {
  record(Table::matrix_column, key);
  auto it = matrix_columns_.find(key);
  return it == matrix_columns_.end() ? std::vector<std::pair<int, std::string>>() : it->second;
}

const std::vector<const Page*>& SiteRenderer::quote_names(const std::string& key) const {
  static const std::vector<const Page*> none;
  record(Table::quote_names, key);
  auto it = quote_names_.find(key);
  if (it == quote_names_.end()) return none;
  for (const Page* p : it->second) record(Table::page, p->key());
  return it->second;
}

const std::vector<const Page*>& SiteRenderer::quoted_section(const std::string& doc_key, const std::string& section) const {
  static const std::vector<const Page*> none;
  const std::string key = doc_key + "\n" + section;
  record(Table::quoted_section, key);
  auto it = quoted_section_.find(key);
  if (it == quoted_section_.end()) return none;
  for (const Page* p : it->second) record(Table::page, p->key());
  return it->second;
}

std::pair<int, int> SiteRenderer::text_order(const Page& p) const {
  record(Table::order, p.key());
  return order_[static_cast<std::size_t>(&p - c_.pages.data())];
}

std::vector<const Page*> SiteRenderer::texts_of(const std::string& collection) const {
  record(Table::members, collection);
  std::vector<const Page*> out = members_of(collection);
  for (const Page* p : out) record(Table::page, p->key());
  return out;
}

const std::vector<const Page*>& SiteRenderer::members_of(const std::string& collection) const {
  static const std::vector<const Page*> none;
  auto it = members_.find(collection);
  return it == members_.end() ? none : it->second;
}

// ---- What the lookups answered, hashed --------------------------------------------------------

namespace {

void add_edge(Hasher& h, const graph::Edge& e) { h.add(e.from).add(e.relation).add(e.to).add(e.passage).add(e.editorial); }

}  // namespace

std::uint64_t SiteRenderer::epoch() const {
  Hasher h;
  h.add(c_.schema.text).add(cfg_.title).add(cfg_.description).add(cfg_.language).add(cfg_.base_url);
  h.add(cfg_.allow_raw_html ? 1 : 0).add(has_glossary() ? 1 : 0);
  for (const std::string& s : cfg_.search_examples) h.add(s);
  return h.value();
}

std::uint64_t digest(const markdown::Rendered& x) {
  Hasher h;
  h.add(x.html).add(x.plain);
  for (const auto& b : x.blocks) h.add(b.anchor).add(b.section_id).add(b.section_title).add(b.text).add(b.footnote ? 1 : 0);
  for (const auto& hd : x.headings) h.add(static_cast<std::uint64_t>(hd.level)).add(hd.id).add(hd.text);
  for (const auto& f : x.footnotes) h.add(f.label).add(f.id).add(f.html);
  for (const auto& [note, block] : x.note_cited_at) h.add(note).add(block);
  for (const auto& a : x.abbreviations) h.add(a.acronym).add(a.anchor);
  return h.value();
}

std::uint32_t ReadTable::intern(const Read& read) {
  auto [at, fresh] = places_.try_emplace(read, static_cast<std::uint32_t>(reads_.size()));
  if (fresh) reads_.push_back(&at->first);
  return at->second;
}

std::uint64_t SiteRenderer::fingerprint(std::uint32_t place) {
  if (place >= fingerprints_.size()) {
    fingerprints_.resize(cache_.reads.size());
    fingerprinted_.resize(cache_.reads.size());
  }
  if (!fingerprinted_[place]) {
    fingerprints_[place] = answer_hash(cache_.reads.at(place));
    fingerprinted_[place] = 1;
  }
  return fingerprints_[place];
}

void SiteRenderer::fingerprint_cached_reads() {
  fingerprints_.assign(cache_.reads.size(), 0);
  fingerprinted_.assign(cache_.reads.size(), 0);
  for (const auto& [key, views] : cache_.views)
    for (const CheckedRead& r : views.reads) fingerprinted_[r.read] = 1;
  std::vector<std::uint32_t> todo;
  for (std::uint32_t place = 0; place < fingerprinted_.size(); ++place)
    if (fingerprinted_[place]) todo.push_back(place);
  // Each on one thread, into its own element.
  util::parallel_for(todo.size(), [&](std::size_t i, std::size_t) {
    fingerprints_[todo[i]] = answer_hash(cache_.reads.at(todo[i]));
  });
}

std::uint64_t SiteRenderer::answer_hash(const Read& r) const {
  Hasher h;
  h.add(static_cast<std::uint64_t>(r.table));
  const std::string& key = r.key;
  switch (r.table) {
    case Table::page:
      // Not the body: views see it rendered (Table::rendered), so editing a text's words does
      // not rebuild every page that links to it.
      if (const Page* p = c_.find(key)) h.add(1).add(p->path).add(p->url).add(p->meta_text);
      break;
    case Table::rendered:
      if (auto it = c_.by_key.find(key); it != c_.by_key.end()) {
        const markdown::Rendered& x = *g_.rendered[it->second];
        h.add(x.digest ? x.digest : digest(x));
      }
      break;
    case Table::passages:
      if (auto it = g_.passages.find(key); it != g_.passages.end())
        for (const auto& p : it->second)
          h.add(c_.pages[p.page].key()).add(p.anchor).add(p.section_title).add(p.snippet).add(p.cited_at).add(p.at);
      break;
    case Table::passage_count:
      if (auto it = g_.passages.find(key); it != g_.passages.end()) h.add(it->second.size());
      break;
    case Table::kind_pages:
      for (const Page& p : c_.pages)
        if (p.kind == key) h.add(p.key());
      break;
    case Table::incoming:
      if (auto it = g_.incoming.find(key); it != g_.incoming.end())
        for (const graph::Edge* e : it->second) add_edge(h, *e);
      break;
    case Table::outgoing:
      if (auto it = g_.outgoing.find(key); it != g_.outgoing.end())
        for (const graph::Edge* e : it->second) add_edge(h, *e);
      break;
    case Table::quote:
      if (auto it = g_.quotes.find(key); it != g_.quotes.end())
        h.add(1).add(it->second.doc_key).add(it->second.anchor).add(it->second.section_title);
      break;
    case Table::value_evidence:
      if (auto it = g_.value_evidence.find(key); it != g_.value_evidence.end()) add_edge(h.add(1), it->second);
      break;
    case Table::block_mentions:
      if (auto it = g_.block_mentions.find(key); it != g_.block_mentions.end())
        for (const auto& [anchor, named] : it->second) {
          h.add(anchor).add(named.size());
          for (const std::string& k : named) h.add(k);
        }
      break;
    case Table::mentions_in:
      if (auto it = g_.mentions_in.find(key); it != g_.mentions_in.end())
        for (const auto& [k, n] : it->second) h.add(k).add(static_cast<std::uint64_t>(n));
      break;
    case Table::matrix_column:
      if (auto it = matrix_columns_.find(key); it != matrix_columns_.end())
        for (const auto& [n, row_key] : it->second) h.add(row_key).add(static_cast<std::uint64_t>(n));
      break;
    case Table::quote_names:
      if (auto it = quote_names_.find(key); it != quote_names_.end())
        for (const Page* p : it->second) h.add(p->key());
      break;
    case Table::quoted_section:
      if (auto it = quoted_section_.find(key); it != quoted_section_.end())
        for (const Page* p : it->second) h.add(p->key());
      break;
    case Table::order:
      if (auto it = c_.by_key.find(key); it != c_.by_key.end())
        h.add(static_cast<std::uint64_t>(order_[it->second].first)).add(static_cast<std::uint64_t>(order_[it->second].second));
      break;
    case Table::members:
      for (const Page* p : members_of(key)) h.add(p->key());
      break;
    case Table::all:
      break;
  }
  return h.value();
}

}  // namespace kb::render
