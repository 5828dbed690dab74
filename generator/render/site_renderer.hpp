// The render stage's view builders: one JSON view per output page, from the content, the graph
// and the schema, rendered through the templates (pages.cpp), one file per kind of page:
//   common_views.cpp  links, breadcrumbs, the header and menu, quotes, related pages, passages
//   entity_view.cpp   an entity's page: facts, quotes, sections, timeline, passages
//   text_view.cpp     a text, a collection and its print view (one_page.hpp)
//   index_views.cpp   the home page, plain pages, each kind's index, the texts, the matrix, search
//   reads.cpp         the lookups content pages' views make, recorded so that a rebuild builds
//                     again only the views whose reads changed (reads.hpp)
// Internal to render/.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <unordered_map>
#include <string>
#include <utility>
#include <vector>

#include "render/pages.hpp"
#include "render/reads.hpp"
#include "site/paths.hpp"

namespace kb::render {

class SiteRenderer {
 public:
  SiteRenderer(const config::SiteConfig& cfg, const content::Content& c, const graph::Graph& g,
               const Templates& t, RenderCache& cache, diag::Sink& sink, const FileStream& stream)
      : cfg_(cfg), c_(c), g_(g), t_(t), cache_(cache), sink_(sink), stream_(stream) {}

  SiteFiles run();

  // What one content page's views gave, collected on a worker thread: views (a template name) and
  // other files (bytes), in the order they were made; `cached`: a page whose views were not built
  // again, its HTML in the render cache.
  struct Made {
    std::string path;
    std::string template_name;  // "" for a file
    nlohmann::json view;
    std::string bytes;
    bool cached = false;
  };

 private:
  using json = nlohmann::json;
  using Page = content::Page;

  static std::string out_path(const Page& p) { return p.url; }
  static std::string kind_index_path(const schema::Kind& k) { return k.folder + "/index.html"; }
  std::string url(const std::string& from, const std::string& to) const { return site::relative_url(from, to); }
  std::string display_title(const Page& p) const { return c_.display_title(p); }
  // The texts' kind and their collections' (the schema has one of each role).
  const schema::Kind& texts() const { return *c_.schema.by_role(schema::Role::text); }
  const schema::Kind* collections() const { return c_.schema.by_role(schema::Role::collection); }
  std::string texts_index_path() const { return kind_index_path(texts()); }
  bool has_matrix() const { return !c_.schema.matrix.rows.empty(); }

  bool has_glossary() const { return !c_.glossary.empty(); }

  // pages.cpp
  // A page's view, to be rendered through its template (cache permitting) by render_pending.
  // Called while content pages are built on worker threads, it only collects; the views are
  // then taken in page order (take), so the output does not depend on the threads.
  void emit(const std::string& path, const std::string& template_name, json view);
  // A file that is not a page (a text's .bib and .ris), collected like emit.
  void put(const std::string& path, std::string bytes);
  void take(const std::string& path, const std::string& template_name, json view);
  void take_cached(const std::string& path, const std::string& template_name);
  bool claim(const std::string& path, const std::string& template_name);
  // Views that record their reads (a content page's, a kind's index), by key: taken from the
  // cache when every read answers as it did (reuse), else built and remembered.
  bool reuse(const std::string& key, std::vector<Made>& made) const;
  void remember(const std::string& key, std::vector<Read> reads, const std::vector<Made>& made);
  void kind_index_view(const schema::Kind& kind, std::set<std::string>& seen);
  void take_made(std::vector<Made>& made);
  void store(const std::string& path, std::string bytes);
  void store(const std::string& path, const site::Bytes& bytes);
  void render_pending();
  void page(std::size_t i);

  // common_views.cpp
  json link_to(const std::string& from, const Page& p) const;
  std::string kind_label(const std::string& kind) const;
  // The collection a text belongs to, if any.
  const Page* collection_of(const Page& text) const;
  std::string summary(const Page& p) const;
  // `row`'s page (a page of the matrix's rows kind) showing only its passages that also name
  // `column` (its "?with=" filter).
  std::string passages_with(const std::string& from, const Page& row, const Page& column) const {
    return url(from, out_path(row)) + "?with=" + column.id + "#passages";
  }
  std::string plain_of(const Page& p) const;
  json base_view(const std::string& from, const std::string& title, const std::string& kind);
  json folder_base_view(const std::string& from, const std::string& kind) const;
  // Passages mentioning `key`, grouped by the page they occur in.
  static std::string note_number(const markdown::Rendered& r, const std::string& anchor);
  // `with_names`, if given, gets the titles of the pages the passages' "data-with" names.
  json passage_groups(const std::string& from, const std::string& key, json* with_names = nullptr) const;
  json outgoing(const std::string& from, const Page& p, const std::string& relation) const;
  // What supports a relation, for the page: {evidence_href, evidence_title} to the passage, or
  // {editorial} with the reason; nothing for relations that need no evidence.
  void add_evidence(const std::string& from, const graph::Edge& e, json& item) const;
  void add_section(json& sections, const std::string& title, const json& items, const std::string& id);
  json quote_view(const std::string& from, const std::string& key, const std::string& quote) const;
  static std::string join(const std::vector<std::string>& parts, const std::string& sep);

  // entity_view.cpp
  // Pages on a line of years (`field`), linked; stacked when they share a year.
  std::string timeline_svg(const std::string& from, const std::vector<const Page*>& pages, const std::string& field,
                           const std::string& label) const;
  // The facts the page's kind lists (schema `facts`): values as their field's `values` read
  // them, references as links.
  json field_quotes(const std::string& from, const Page& p, const std::string& name) const;
  json facts(const std::string& from, const Page& p, const schema::Kind& kind) const;
  // A section listing the pages of `section.kind` that name `p` in `section.field`.
  json incoming_section(const std::string& from, const Page& p, const schema::Section& section, json& v) const;
  // Where `p`'s own quote was found, or nullptr (no quote, or not found in a paragraph).
  const graph::QuoteLocation* quoted_at(const Page& p) const {
    const graph::QuoteLocation* q = quote_at(p.key());
    return q && !q->anchor.empty() ? q : nullptr;
  }
  // "text:ID#ANCHOR", the paragraph `p`'s own quote was found in, or "" (no quote).
  std::string quoted_passage(const Page& p) const {
    const graph::QuoteLocation* q = quoted_at(p);
    return q ? q->doc_key + "#" + q->anchor : "";
  }
  // Pages of the section's kinds quoted from the same section of the same text as `p`.
  json nearby_section(const std::string& from, const Page& p, const schema::Section& section) const;
  // Built once per run, before any view (common_views.cpp): each page's text_order, the pages
  // whose quoted paragraph names each page, and the pages quoted from each section of each
  // text, in content order.
  void index_pages();
  std::map<std::string, std::vector<const Page*>> quote_names_;    // named page's key → quoting pages
  std::map<std::string, std::vector<const Page*>> quoted_section_;  // "TEXT-KEY\nSECTION" → quoting pages
  std::map<std::string, std::vector<std::pair<int, std::string>>> matrix_columns_;  // column key → (count, row key)
  std::map<std::string, std::vector<const Page*>> members_;  // collection id → its texts, in order
  // The rows of the matrix most often mentioned with `p` (a page of the columns' kind).
  json matrix_section(const std::string& from, const Page& p, const schema::Section& section) const;
  void entity_page(std::size_t i, const schema::Kind& kind);

  // text_view.cpp
  void text_page(std::size_t i);
  void collection_page(std::size_t i);
  void add_byline(const Page& collection, json& v) const;
  json text_entry(const std::string& from, const Page& t) const;
  std::string print_path(const Page& collection) const;
  // `members`: the collection's texts, in order (texts_of).
  void print_view(const Page& collection, const std::vector<const Page*>& members);

  // index_views.cpp
  void simple_page(std::size_t i, const std::string& template_name);
  // The table of all pages of a kind, with the schema's columns.
  void kind_index(const schema::Kind& kind);
  void texts_index();
  // Rows × columns of the schema's matrix: how many passages mention both.
  void matrix();
  void glossary();
  void search_page();

  // reads.cpp: the content and the graph as views read them. While a content page's views are
  // built, each lookup is recorded (reads.hpp), so they read through these, never through c_.pages
  // or g_; a page they are given was looked up by one of these.
  const Page& page_at(std::size_t i) const;
  const Page* find(const std::string& key) const;
  const std::vector<Page>& all_pages() const;  // the view is then built at every run
  const markdown::Rendered& rendered(const Page& p) const;
  const std::vector<graph::Passage>& passages_of(const std::string& key) const;
  std::size_t passage_count(const std::string& key) const;
  std::vector<const Page*> pages_of_kind(const std::string& kind) const;
  const std::vector<const graph::Edge*>& edges_into(const std::string& key) const;
  const std::vector<const graph::Edge*>& edges_from(const std::string& key) const;
  const graph::QuoteLocation* quote_at(const std::string& quote_key) const;
  const graph::Edge* value_evidence(const std::string& value_key) const;
  const std::map<std::string, std::set<std::string>>& block_mentions(const std::string& key) const;
  const std::map<std::string, int>& mentions_in(const std::string& key) const;
  // (passages, row key) of the matrix's cells in `key`'s column.
  std::vector<std::pair<int, std::string>> matrix_column(const std::string& key) const;
  // The pages whose quoted paragraph names `key`; those quoted from a section of a text.
  const std::vector<const Page*>& quote_names(const std::string& key) const;
  const std::vector<const Page*>& quoted_section(const std::string& doc_key, const std::string& section) const;
  // (collection order, order in the collection), computed once per page: sorts call it often.
  std::pair<int, int> text_order(const Page& p) const;
  // A collection's texts, in order.
  std::vector<const Page*> texts_of(const std::string& collection) const;
  const std::vector<const Page*>& members_of(const std::string& collection) const;  // unrecorded
  // What the read at `place` in the cache's ReadTable answers now, hashed (memoised for the
  // run); what every view shares.
  std::uint64_t fingerprint(std::uint32_t place);
  std::uint64_t answer_hash(const Read& read) const;
  // Fingerprints, on all cores, every read of the views in the cache (reuse() asks for them all).
  void fingerprint_cached_reads();
  std::uint64_t epoch() const;

  const config::SiteConfig& cfg_;
  const content::Content& c_;
  const graph::Graph& g_;
  const Templates& t_;
  RenderCache& cache_;
  diag::Sink& sink_;
  SiteFiles files_;
  const FileStream& stream_;
  // Which content page each output path came from (nullptr: a page the site makes itself, such as
  // a kind's index), and the page being rendered now: two writers of one path are an error.
  std::map<std::string, const Page*> owners_;
  const Page* current_ = nullptr;
  // Views emitted and not yet rendered: rendered on all cores a batch at a time, which bounds
  // the views held at once.
  struct Pending {
    std::string path;
    std::string template_name;
    json view;
  };
  static constexpr std::size_t kBatch = 256;
  std::vector<Pending> pending_;
  std::vector<Templates::Parsed> parsed_;  // each worker thread's parsed templates
  std::vector<std::pair<int, int>> order_;  // text_order of each page, by index in c_.pages
  // By place in cache_.reads: the fingerprint now, and whether it is known yet.
  std::vector<std::uint64_t> fingerprints_;
  std::vector<char> fingerprinted_;
  // base_view without the page's title, by the folder of the page and its kind: the same for
  // every page of a folder and kind (relative links depend on the folder only), so made once.
  std::map<std::pair<std::string, std::string>, json> base_views_;
  std::mutex base_views_mutex_;
};

}  // namespace kb::render
