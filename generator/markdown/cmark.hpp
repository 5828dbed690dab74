// RAII wrappers around cmark-gfm: parsing with the GFM extensions we publish with.
#pragma once

#include <memory>
#include <string_view>

#include <cmark-gfm.h>

namespace kb::markdown {

struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;

struct IterDeleter {
  void operator()(cmark_iter* it) const { cmark_iter_free(it); }
};
using IterPtr = std::unique_ptr<cmark_iter, IterDeleter>;

// Parses GFM (tables, strikethrough, autolinks, tagfilter, footnotes) with source positions.
NodePtr parse_gfm(std::string_view markdown);

// "table", "table_row", "table_cell", "strikethrough", or a core type name.
std::string_view type_name(cmark_node* node);

}  // namespace kb::markdown
