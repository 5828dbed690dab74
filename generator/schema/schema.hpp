// The schema: what kinds of page a knowledge base has, read from ROOT/content/schema.yaml
// (format and a worked example in docs/schema.md). Every later stage asks the schema what a
// kind is, which fields it takes, how it links to other kinds and how its pages look, so that
// no kind is named in the generator's code.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"

namespace kb::schema {

// How a front-matter field is read and checked.
enum class Type {
  string,  // one value
  year,    // one four-digit year
  number,  // one whole number, at most nine digits (orders texts)
  url,     // one address: http, https, mailto or relative (it becomes a link)
  list,    // one value or a list of values
  ref,     // the id of a page of kind `to`
  refs,    // a list of ids of pages of kind `to`
  source,  // {doc: ID of a text, section: heading}: where a quote is
  quote,   // words that must occur in the text its `source` field names
  quotes,  // a list of {quote, source}
  data,    // anything; kept for tools, not used by the site
};

struct Field {
  std::string name;
  Type type = Type::string;
  std::string to;       // ref, refs: the target kind
  std::string source;   // quote: the field of type source that says where it is
  bool acyclic = false;  // ref: following it from page to page must never come back
  // ref, refs: each relation needs its evidence, a passage of a text that names the target (the
  // page's own cited passage, or one given with the item: {id, passage: TEXT#ANCHOR}), or an
  // editorial reason ({id, editorial: REASON}). `editorial` gives the reason for every item
  // the passages do not name (tags that classify a passage rather than repeat it).
  // string, year: the value needs a passage that names the page and states the value (given as
  // {value, passage: TEXT#ANCHOR}, or else the first such passage of the texts), or an editorial
  // reason ({value, editorial: REASON}).
  bool evidence = false;
  std::string editorial;
  // Evidence may also be any passage of a text that names both the page and the target (a
  // document and the mission it reports on), not only a passage the page cites.
  bool shared_passage = false;
  std::map<std::string, std::string> values;  // how coded values read ("political" → "Special political mission")
};

// What a kind's pages are for. Texts are the sources: their paragraphs are numbered, quoted and
// searched as passages, and mentions in them are counted. Collections group texts. Entities
// are drawn from the texts and have pages with facts, relations and passages.
enum class Role { entity, text, collection };

// One line of an entity page's facts.
struct Fact {
  std::string label;
  std::string field;
  std::string until;    // a second field: the fact reads "FIELD–UNTIL" (a range of years)
  std::string reverse;  // for a ref field left empty: pages of this kind whose REVERSE names this one
};

// One list of related pages on an entity page.
struct Section {
  enum class From { none, incoming, outgoing, matrix, nearby };  // none: a mistake, reported
  From from = From::none;
  std::string title;
  std::string id;         // the section's anchor
  std::string kind;       // incoming: pages of this kind ...
  std::string field;      // ... whose FIELD names this page; outgoing: this page's FIELD
  std::string sort;       // incoming: order by this numeric field (else by file)
  std::string timeline;   // incoming: also draw these pages on a timeline by this year field
  bool summaries = true;  // incoming: each item with its quote or summary
  std::string quotes;     // incoming: each item with the quotes of its FIELD (a mandate's asks)
  int limit = 0;          // matrix: at most this many rows of the matrix, most passages first
  bool quote_names = false;         // incoming: also the pages of KIND whose quoted passage names this page
  std::vector<std::string> nearby;  // nearby: pages of these kinds quoted from this page's quote's section
};

// One column of a kind's index table.
struct Column {
  enum class Value { field, passages, source };
  std::string label;
  Value value = Value::field;
  std::string field;      // Value::field
  bool link = false;      // the cell links to the page
  bool numeric = false;   // sorts as a number
};

// How the texts mention pages of a kind.
struct Mentions {
  enum class By { none, name, keyword, resolution, symbol };
  By by = By::none;
  std::string field;  // name: the acronym field; resolution: the number field; symbol: the symbol field
  std::string year;   // resolution: the year field
};

struct Kind {
  std::string name;    // "mission": content keys are NAME:ID
  std::string folder;  // content/FOLDER/*.md, and the output folder
  std::string label;   // "Mission"
  std::string plural;  // "Missions"
  Role role = Role::entity;
  std::string template_name;  // templates/NAME.mustache renders its pages (default: the role's name)
  std::vector<std::string> required;
  std::vector<Field> fields;  // besides the common ones (id, title, aliases, summary)
  std::string short_title;    // a field shown in place of the title when given (an acronym)
  std::string official_url;   // a field holding the page's official address
  double search_boost = 1.0;
  Mentions mentions;
  std::vector<Fact> facts;
  std::vector<Section> sections;
  std::vector<Column> columns;

  const Field* field(const std::string& name) const;
  // The field of `type` (the first one), or nullptr.
  const Field* field_of_type(Type type) const;
};

// The counts of passages that mention a page of kind `rows` and a page of kind `columns`.
struct Matrix {
  std::string rows, columns, title;
};

struct Schema {
  std::vector<Kind> kinds;  // in the order the site presents them
  Matrix matrix;
  std::string text;         // the file as read, for caches

  const Kind* kind(const std::string& name) const;
  const Kind* by_folder(const std::string& folder) const;
  const Kind* by_role(Role role) const;  // the first kind with this role
  std::vector<const Kind*> entities() const;
  // The field of `from` of type ref whose target has role `role` ("collection" of a text).
  const Field* ref_to_role(const Kind& from, Role role) const;
};

// Fields every kind takes.
const std::vector<std::string>& common_fields();

// Where the schema is, from the site root.
inline constexpr const char* kSchemaPath = "content/schema.yaml";

// Reads ROOT/content/schema.yaml; every mistake in it is reported with its position.
Schema load_schema(const std::string& root, diag::Sink& sink);
// The same from text already read (`path` names it in diagnostics).
Schema parse_schema(const std::string& path, const std::string& text, diag::Sink& sink);

}  // namespace kb::schema
