// The content model: what `content/` holds once loaded and checked against the schema. Front
// matter becomes typed values here (single values, lists, references, quotes with their
// source), each with its position in the file; later stages never see YAML and never go back
// to the file system for content.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "schema/schema.hpp"

namespace kb::content {

// One value as written, and where (file line and column, 1-based).
struct Scalar {
  std::string text;
  int line = 0;
  int col = 0;
};

// A quote and the passage it cites ({doc, section} of a text).
struct Quote {
  bool present = false;     // a quote was given (an item of a list of quotes may lack one)
  Scalar quote;
  bool has_source = false;  // its source names a text
  Scalar doc, section;
};

// What supports one item of a reference field whose schema field asks for evidence, as written
// with it ({id, passage: TEXT-ID#ANCHOR} or {id, editorial: REASON}); both empty for a plain id.
struct Evidence {
  Scalar passage;
  Scalar editorial;
};

// A front-matter field, typed by the schema.
struct FieldValue {
  int line = 0, col = 0;        // where the value is
  bool list = false;            // written as a list
  std::vector<Scalar> items;    // the value, or the list's plain values
  std::vector<Quote> quotes;    // quote and source fields: one; quotes: one per item
  std::vector<Evidence> evidence;  // fields that ask for evidence: one per item of `items`
};

struct Page {
  std::string path;  // relative to the site root: "content/missions/minusca.md"
  std::string kind;  // a schema kind, or "home" (content/index.md) or "page" (content/*.md)
  std::string id;    // unique per kind
  std::string url;   // the output file, from the site root: "missions/minusca.html"
  std::map<std::string, FieldValue> fields;
  std::string meta_text;  // the front matter as written (cheap to compare between builds)
  int meta_line = 0;      // file line of the first YAML line
  std::string body;       // Markdown
  int body_line = 0;      // file line of the first body line

  std::string key() const { return kind + ":" + id; }
  std::string title() const;
  std::string str(const std::string& field) const;               // "" when absent
  std::vector<std::string> list(const std::string& field) const;  // [] when absent
  const FieldValue* field(const std::string& name) const;        // nullptr when absent
  // File position of a front-matter field (its value), for diagnostics.
  std::pair<int, int> field_pos(const std::string& field) const;
};

struct GlossaryEntry {
  std::string acronym;
  std::string expansion;
  int line = 0;
};

struct Content {
  schema::Schema schema;
  std::vector<Page> pages;  // sorted by path
  std::vector<GlossaryEntry> glossary;
  // "KIND:ID" -> index in pages. Looked up, never walked: hashed, as page keys share long prefixes
  // ("text:book-ch07") that a sorted map compares again at every level.
  std::unordered_map<std::string, std::size_t> by_key;

  const Page* find(const std::string& key) const;
  // The page's kind in the schema; nullptr for the home page and plain pages.
  const schema::Kind* kind_of(const Page& page) const { return schema.kind(page.kind); }
  bool has_role(const Page& page, schema::Role role) const {
    const schema::Kind* k = kind_of(page);
    return k && k->role == role;
  }
  // The page's own quote (its kind's field of type quote), or nullptr.
  const Quote* quote_of(const Page& page) const;
  // What lists call the page: its short title (an acronym, a symbol) when its kind has one and
  // it is given, else its title.
  std::string display_title(const Page& page) const;
  // "SHORT — Title" when the page has a short title, else the title.
  std::string full_title(const Page& page) const;
};

}  // namespace kb::content
