// What a content page's views (and a kind's index page) read of the content and the graph,
// recorded while they are built, so that a rebuild (`kbgen serve`) builds again only the views
// whose reads changed.
//
// A read is a lookup: a table and a key ("the edges into mission:minusca"). Its fingerprint is a
// hash of what the lookup answered, not of the key alone, so a view is rebuilt when the answer
// changes under the same key (a lesson that starts quoting a paragraph naming the mission) as
// well as when the page it names is edited. Whatever all views share (the schema, site.yaml,
// whether there is a glossary) makes the epoch: when it changes, every view is built again.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "markdown/render.hpp"

namespace kb::render {

enum class Table : std::uint8_t {
  page,            // a page as loaded: its path, place and front matter (by key; absent too)
  rendered,        // its Markdown, rendered (by page key)
  passages,        // the passages naming a key
  passage_count,   // how many there are
  incoming,        // the edges into a key
  outgoing,        // the edges out of a key
  quote,           // where a quote was found (by quote key)
  value_evidence,  // what supports a single value (by value key)
  block_mentions,  // a page's paragraphs and the entities each names (by page key)
  mentions_in,     // how often a page names each entity (by page key)
  matrix_column,   // the matrix's cells in one column (by column key)
  quote_names,     // the pages whose quoted paragraph names a key
  quoted_section,  // the pages quoted from one section of a text ("TEXT-KEY\nSECTION")
  order,           // a text's (collection order, order), by page key
  members,         // a collection's texts, in order (by collection id)
  kind_pages,      // the pages of a kind, in order (by kind name)
  all,             // every page: a view that reads them all is never reused
};

struct Read {
  Table table;
  std::string key;
  bool operator<(const Read& o) const { return std::tie(table, key) < std::tie(o.table, o.key); }
  bool operator==(const Read& o) const { return table == o.table && key == o.key; }
};

struct ReadHash {
  std::size_t operator()(const Read& r) const {
    return std::hash<std::string_view>()(r.key) * 31 + static_cast<std::size_t>(r.table);
  }
};

// The distinct reads of the views in the render cache, each kept once and named by its place:
// a view's reads are places here, so checking them again takes no string hashed or compared.
// Reads of views since dropped stay until the cache is emptied.
class ReadTable {
 public:
  ReadTable() = default;
  ReadTable(const ReadTable&) = delete;  // reads_ points into places_
  ReadTable& operator=(const ReadTable&) = delete;
  ReadTable(ReadTable&&) = default;  // the nodes, and so the pointers, move with the map
  ReadTable& operator=(ReadTable&&) = default;

  std::uint32_t intern(const Read& read);  // its place, added when new
  const Read& at(std::uint32_t place) const { return *reads_[place]; }
  std::size_t size() const { return reads_.size(); }
  void clear() {
    reads_.clear();
    places_.clear();
  }

 private:
  std::unordered_map<Read, std::uint32_t, ReadHash> places_;
  std::vector<const Read*> reads_;  // the keys of places_, by place (a node's key stays put)
};

// A read (its place in the ReadTable) and its fingerprint when the views were built.
struct CheckedRead {
  std::uint32_t read = 0;
  std::uint64_t fingerprint = 0;
};

// Hashes what a read answered (not cryptographic: it tells builds apart, it resists no one).
class Hasher {
 public:
  Hasher& add(std::string_view s);
  Hasher& add(std::uint64_t n);
  std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = 0x6a09e667f3bcc909ull;
};

// A hash of all that a rendered body holds (its Table::rendered answer).
std::uint64_t digest(const markdown::Rendered& rendered);

// Starts recording the reads of the calling thread into `log` (nullptr stops). Only the view
// builders' accessors (SiteRenderer, reads.cpp) record.
void record_reads(std::vector<Read>* log);
void record(Table table, const std::string& key);

}  // namespace kb::render
