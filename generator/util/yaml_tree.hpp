// A YAML document as a tree of nodes, each with its position, read with Debian's libyaml (its
// events, so that nesting is bounded before anything recurses). Scalars are text, as the schema
// types them later; an alias is the very node its anchor names, shared, never a copy.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kb::util::yaml {

// 0-based line and column; the column counts characters, as diagnostics do.
struct Mark {
  int line = 0;
  int column = 0;
};

struct Node {
  enum class Kind : unsigned char { null, scalar, list, map };
  Kind kind = Kind::null;
  bool quoted = false;                                      // a scalar written in quotes, or as a | or > block
  Mark mark;                                                // where the node starts (its anchor, if any)
  std::string text;                                         // a scalar's value
  std::vector<const Node*> items;                           // a list's items
  std::vector<std::pair<const Node*, const Node*>> entries;  // a map's keys and values, as written

  bool is_null() const { return kind == Kind::null; }
  bool is_scalar() const { return kind == Kind::scalar; }
  bool is_list() const { return kind == Kind::list; }
  bool is_map() const { return kind == Kind::map; }
  // The value of the first entry whose key is the scalar `key`; nullptr when there is none or
  // this is not a map.
  const Node* get(std::string_view key) const;
  // get(key) when it is a scalar, else nullptr.
  const Node* scalar(std::string_view key) const;
};

struct Document {
  const Node* root = nullptr;  // an empty document is a null node
  std::deque<Node> nodes;      // owns every node; aliases point into it
};

struct Error {
  std::string message;    // what is wrong ("did not find expected ',' or ']'")
  Mark mark;              // where
  std::string context;    // what was being read ("while parsing a flow sequence"), or ""
  int context_line = -1;  // the 0-based line where that began, or -1
  // The diagnostic's text, "invalid YAML: …", naming the context's file line when it is not the
  // problem's (the YAML's first line is file line `first_line`).
  std::string describe(int first_line) const;
};

// Lists and mappings nested deeper than this are an error: everything after reads trees
// recursively.
constexpr int kMaxDepth = 499;

// Reads the first document of `text` into `doc`. A plain `~`, `null`, `Null`, `NULL` or nothing
// is a null node (YAML's core schema); anything else written as a scalar is its text. False,
// with `error`, for a syntax error, an alias naming no anchor, an alias inside the list or
// mapping it names (which would never end), or nesting deeper than kMaxDepth.
bool parse(std::string_view text, Document& doc, Error& error);

}  // namespace kb::util::yaml
