#include "markdown/cmark.hpp"

#include <mutex>

#include <cmark-gfm-core-extensions.h>

namespace kb::markdown {

namespace {

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};

void ensure_extensions() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

}  // namespace

NodePtr parse_gfm(std::string_view markdown) {
  ensure_extensions();
  // cmark-gfm 0.29 keeps the table of inline special characters in a global that attaching
  // extensions to a parser rewrites, so two parses must never overlap. Walking and rendering
  // the finished trees is safe in parallel.
  static std::mutex parse_mutex;
  std::lock_guard<std::mutex> lock(parse_mutex);
  const int options = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8;
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(options));
  for (const char* name : {"table", "strikethrough", "autolink", "tagfilter"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
      cmark_parser_attach_syntax_extension(parser.get(), ext);
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  return NodePtr(cmark_parser_finish(parser.get()));
}

std::string_view type_name(cmark_node* node) { return cmark_node_get_type_string(node); }

}  // namespace kb::markdown
