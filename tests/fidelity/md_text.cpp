// Plain-text rendering and normalisation for the fidelity tests (see md_text.hpp).
#include "md_text.hpp"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <fstream>
#include <memory>
#include <mutex>
#include <regex>
#include <sstream>

#include "importer/markers.hpp"

namespace kb::test {

namespace {

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterDeleter {
  void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};

bool is_leaf_block(cmark_node* n) {
  cmark_node_type t = cmark_node_get_type(n);
  if (t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING) return true;
  return std::string_view(cmark_node_get_type_string(n)) == "table_cell";
}

// `<br>` inside a table cell: the one piece of raw HTML the texts use (import manifests write it
// where the extraction ran a cell's lines together); it reads as a line break.
bool is_line_break(cmark_node* n) {
  if (cmark_node_get_type(n) != CMARK_NODE_HTML_INLINE) return false;
  const char* lit = cmark_node_get_literal(n);
  return lit && std::string_view(lit) == "<br>";
}

}  // namespace

RenderedText render_text(const std::string& markdown) {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(CMARK_OPT_FOOTNOTES));
  for (const char* name : {"table", "autolink", "strikethrough"}) {
    if (auto* ext = cmark_find_syntax_extension(name)) cmark_parser_attach_syntax_extension(parser.get(), ext);
  }
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, NodeDeleter> doc(cmark_parser_finish(parser.get()));

  RenderedText out;
  std::unique_ptr<cmark_iter, IterDeleter> it(cmark_iter_new(doc.get()));
  cmark_node* def_node = nullptr;
  cmark_node* editor_note = nullptr;  // the block quote of an editor's note
  cmark_node* leaf = nullptr;
  std::string leaf_text;
  std::string note_text;
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it.get());
    cmark_node_type t = cmark_node_get_type(n);
    if (ev == CMARK_EVENT_ENTER) {
      if (t == CMARK_NODE_FOOTNOTE_DEFINITION) {
        def_node = n;  // its label is not exposed by the C API: definitions are read below
      } else if (t == CMARK_NODE_BLOCK_QUOTE && !editor_note && !def_node) {
        cmark_node* first = cmark_node_first_child(n);
        cmark_node* text = first ? cmark_node_first_child(first) : nullptr;
        if (text && cmark_node_get_type(text) == CMARK_NODE_TEXT) {
          std::string lit = cmark_node_get_literal(text);
          if (lit.rfind("[!EDITOR-NOTE]", 0) == 0) {
            editor_note = n;
            note_text.clear();
          }
        }
      } else if (is_leaf_block(n) && !def_node && !editor_note) {
        leaf = n;
        leaf_text.clear();
      } else if ((t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_HTML_BLOCK) && !is_line_break(n)) {
        ++out.html_nodes;
      }
      std::string piece;
      if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE) piece = cmark_node_get_literal(n);
      if (t == CMARK_NODE_SOFTBREAK || t == CMARK_NODE_LINEBREAK || is_line_break(n)) piece = " ";
      if (t == CMARK_NODE_FOOTNOTE_REFERENCE) {
        std::string label = cmark_node_get_literal(n) ? cmark_node_get_literal(n) : "";
        if (!def_node) {
          out.refs.push_back(label);
          if (editor_note) out.ref_in_editor_note[label] = true;
          if (leaf) out.ref_blocks[label].push_back(static_cast<int>(out.blocks.size()));
        }
      }
      if (!piece.empty()) {
        if (def_node) {
        } else if (editor_note) note_text += piece;
        else if (leaf) leaf_text += piece;
      }
    } else {  // EXIT
      if (n == def_node) {
        def_node = nullptr;
      } else if (n == editor_note) {
        out.editor_notes.push_back(note_text);
        editor_note = nullptr;
      } else if (n == leaf) {
        out.blocks.push_back(leaf_text);
        out.body += leaf_text + "\n";
        leaf = nullptr;
      }
    }
  }
  // Definitions, read from the Markdown (cmark-gfm also drops unreferenced ones, which the
  // tests must see): `[^label]: text` on one line, its text rendered like a paragraph.
  static const std::regex def(R"(^\[\^([^\]\s]+)\]: ?(.*)$)");
  std::istringstream lines(markdown);
  std::string line;
  while (std::getline(lines, line)) {
    std::smatch m;
    if (!std::regex_match(line, m, def)) continue;
    RenderedText inner = render_text(m[2].str());
    std::string text;
    for (const auto& b : inner.blocks) text += (text.empty() ? "" : " ") + b;
    for (const auto& e : inner.editor_notes) text += (text.empty() ? "" : " ") + e;
    out.definitions[m[1].str()] = text;
  }
  return out;
}

std::string normalise(std::string_view in) {
  std::string s = importer::strip_markers(in);
  static const std::regex refs(R"(\[\^[0-9A-Za-z-]+\])");
  static const std::regex tags(R"(</?(i|b|em|strong)>)");
  static const std::regex anchors(R"(\{#[a-z0-9-]+\})");
  s = std::regex_replace(s, refs, "");
  s = std::regex_replace(s, tags, "");
  s = std::regex_replace(s, anchors, "");
  std::string out;
  out.reserve(s.size());
  auto put_space = [&] {
    if (!out.empty() && out.back() != ' ') out += ' ';
  };
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (s.compare(i, 3, "“") == 0 || s.compare(i, 3, "”") == 0 || s.compare(i, 3, "„") == 0) {
      out += '"';
      i += 3;
      continue;
    }
    if (s.compare(i, 3, "‘") == 0 || s.compare(i, 3, "’") == 0) {
      out += '\'';
      i += 3;
      continue;
    }
    if (s.compare(i, 2, "\xC2\xA0") == 0) {
      put_space();
      i += 2;
      continue;
    }
    if (c == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1]))) {
      ++i;  // a Markdown escape in the source ("\$")
      continue;
    }
    if (c == '*' || c == '<' || c == '>') {
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      put_space();
      ++i;
      continue;
    }
    out += s[i++];
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (!out.empty() && out.front() == ' ') out.erase(0, 1);
  return out;
}

std::string strip_block_markup(std::string_view line) {
  std::string s(line);
  static const std::regex markup(R"(^\s*(#{1,6} |- |[0-9]{1,2}\. )+)");
  return std::regex_replace(s, markup, "");
}

std::vector<std::string> sentences(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    char c = text[i];
    if ((c == '.' || c == '?' || c == '!') && text[i + 1] == ' ') {
      out.push_back(text.substr(start, i + 1 - start));
      start = i + 2;
    }
  }
  if (start < text.size()) out.push_back(text.substr(start));
  return out;
}

std::pair<std::string, std::string> split_front(const std::string& file) {
  if (file.rfind("---\n", 0) != 0) return {"", file};
  std::size_t end = file.find("\n---\n", 3);
  if (end == std::string::npos) return {"", file};
  return {file.substr(4, end - 3), file.substr(end + 5)};
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace kb::test
