// A search corpus: what lunr.js is given to build an index (ref field, fields with boosts,
// documents with optional boosts), and its JSON file format, which `kbgen lunr` reads and
// `kbgen build` writes next to the index so that any index can be rebuilt by lunr.js itself.
//
// Corpus JSON format:
//
//   {
//     "ref": "id",                                        optional, default "id"
//     "fields": [{"name": "title", "boost": 10},          boost optional, default 1;
//                {"name": "body"}, "kind"],               a bare string is a field too
//     "documents": [
//       {"id": "a", "title": "...", "body": "...", "boost": 2},
//       {"id": 3, "title": "..."}                          a missing or null field is empty
//     ]
//   }
//
// The ref value is a string or a number (numbers become refs as JavaScript's String() prints
// them); field values are strings, numbers, booleans or null. A document's "boost" key is
// always its boost, so no field may be called "boost"; field names may not contain '/' (lunr
// throws) nor be a property of Object.prototype ("constructor", "__proto__", ...), which lunr
// would read from a document lacking the field. Other keys are ignored,
// as lunr ignores them. Duplicate refs are allowed and reproduce what lunr does with them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace kb::search {

struct Field {
  std::string name;
  double boost = 1.0;
};

struct Document {
  std::string ref;
  // (field name, text); fields not listed are empty. Names not declared in Corpus::fields are
  // ignored when indexing. If the ref field is also an indexed field, its text must be the ref
  // (in the JSON format they are one key).
  std::vector<std::pair<std::string, std::string>> fields;
  double boost = 1.0;
};

struct Corpus {
  std::string ref_field = "id";
  std::vector<Field> fields;
  std::vector<Document> documents;
};

// Reads the format above; on failure returns nullopt and says what and where in `error`.
std::optional<Corpus> parse_corpus(const nlohmann::json& json, std::string& error);

// The same from the JSON text, parsed with simdjson (many times faster than nlohmann on a large
// corpus). Returns false, and leaves both alone, when simdjson cannot parse the text: the caller
// then parses it with nlohmann, which says where it is wrong, or reads what simdjson refuses
// (integers beyond 64 bits, nesting deeper than 1,024). Otherwise sets `corpus`, or `error` as
// parse_corpus does, and returns true.
bool parse_corpus_text(std::string_view text, std::optional<Corpus>& corpus, std::string& error);

// The inverse of parse_corpus: parse_corpus(corpus_to_json(c)) builds the same index as c.
nlohmann::json corpus_to_json(const Corpus& corpus);

// corpus_to_json(corpus).dump(1), written straight from the corpus without the JSON tree (a
// site's corpus is its largest search file: the tree took a hundred bytes per byte of it).
std::string corpus_text(const Corpus& corpus);

}  // namespace kb::search
