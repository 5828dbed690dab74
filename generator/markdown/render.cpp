#include "markdown/render.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

// Footnote labels are only reachable through cmark-gfm's node struct (0.29.0.gfm.6).
#include <cmark-gfm/node.h>

#include "links/slug.hpp"
#include "markdown/cmark.hpp"
#include "markdown/sanitize.hpp"
#include "util/text.hpp"

namespace kb::markdown {

namespace {

// A URL as an attribute value the way cmark-gfm writes it: the characters URLs may hold as they
// are, '&' and '\'' as references, and every other byte (spaces, backslashes, brackets,
// non-ASCII letters as UTF-8) percent-encoded; an existing %XX stays.
std::string href_escape(std::string_view url) {
  static const std::string_view kAsIs = "!#$%()*+,-./:;=?@_~";
  std::string out;
  out.reserve(url.size());
  for (char ch : url) {
    auto c = static_cast<unsigned char>(ch);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || kAsIs.find(ch) != std::string_view::npos) {
      out += ch;
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '\'') {
      out += "&#x27;";
    } else {
      static const char* kHex = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

constexpr std::string_view kEditorNoteMarker = "[!EDITOR-NOTE]";
constexpr std::size_t kMaxDepth = 101;  // nodes from the document down, the document included

std::string literal(cmark_node* n) {
  const char* s = cmark_node_get_literal(n);
  return s ? std::string(s) : std::string();
}

// `<br>`, `<br/>` or `<br />`: the one raw tag kept when raw HTML is escaped, since a
// table cell has no other way to break a line.
bool is_line_break_tag(std::string_view html) {
  return html == "<br>" || html == "<br/>" || html == "<br />";
}

std::string footnote_label(cmark_node* n) {
  cmark_node* def = cmark_node_get_type(n) == CMARK_NODE_FOOTNOTE_REFERENCE ? n->parent_footnote_def : n;
  if (!def) return {};
  return std::string(reinterpret_cast<const char*>(def->as.literal.data), def->as.literal.len);
}

// Plain text of a subtree: text, code and breaks; footnote markers and raw HTML left out.
std::string subtree_text(cmark_node* root) {
  std::string out;
  IterPtr it(cmark_iter_new(root));
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it.get());
    if (ev != CMARK_EVENT_ENTER) {
      // Blocks end with a space so that "end." and "Next" do not run together.
      if (n != root && (cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK)
        out += ' ';
      continue;
    }
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
        out += literal(n);
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        out += ' ';
        break;
      default:
        break;
    }
  }
  return util::fold_whitespace(out);
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_id_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-';
}

// Strips a trailing " {#id}" from the last text node of a heading or paragraph. Scanned by hand:
// std::regex recurses per character and overflowed the stack on long runs of spaces.
std::string take_explicit_id(cmark_node* block) {
  cmark_node* last = cmark_node_last_child(block);
  if (!last || cmark_node_get_type(last) != CMARK_NODE_TEXT) return {};
  std::string text = literal(last);
  std::size_t end = text.size();
  while (end > 0 && is_space(text[end - 1])) --end;
  if (end < 4 || text[end - 1] != '}') return {};
  std::size_t open = text.rfind("{#", end - 1);
  if (open == std::string::npos || open + 2 >= end - 1) return {};
  std::string id = text.substr(open + 2, end - 1 - (open + 2));
  if (!std::isalnum(static_cast<unsigned char>(id[0])) ||
      !std::all_of(id.begin(), id.end(), [](char c) { return is_id_char(c); }))
    return {};
  std::size_t cut = open;
  while (cut > 0 && is_space(text[cut - 1])) --cut;
  text.erase(cut);
  cmark_node_set_literal(last, text.c_str());
  return id;
}

bool is_editor_note(cmark_node* quote) {
  cmark_node* p = cmark_node_first_child(quote);
  if (!p || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH) return false;
  // "[!EDITOR-NOTE]" parses as text, possibly split into "[", "!EDITOR-NOTE", "]" runs.
  return util::starts_with(subtree_text(p), kEditorNoteMarker);
}

// Removes the marker text from the first paragraph of an editor's note.
void strip_editor_marker(cmark_node* quote) {
  cmark_node* p = cmark_node_first_child(quote);
  std::size_t remaining = kEditorNoteMarker.size();
  cmark_node* n = cmark_node_first_child(p);
  while (n && remaining > 0) {
    cmark_node* next = cmark_node_next(n);
    if (cmark_node_get_type(n) == CMARK_NODE_TEXT) {
      std::string t = literal(n);
      if (t.size() <= remaining) {
        remaining -= t.size();
        cmark_node_free(n);
      } else {
        cmark_node_set_literal(n, t.substr(remaining).c_str());
        remaining = 0;
      }
    } else {
      break;
    }
    n = next;
  }
  // Drop the line break that followed the marker.
  n = cmark_node_first_child(p);
  while (n && (cmark_node_get_type(n) == CMARK_NODE_SOFTBREAK || cmark_node_get_type(n) == CMARK_NODE_LINEBREAK)) {
    cmark_node* next = cmark_node_next(n);
    cmark_node_free(n);
    n = next;
  }
}

class Renderer {
 public:
  Renderer(const std::string& path, int body_line, const Options& options, const Hooks& hooks, diag::Sink& sink)
      : path_(path), body_line_(body_line), options_(options), hooks_(hooks), sink_(sink) {}

  bool too_deep() const { return too_deep_; }

  Rendered run(cmark_node* doc) {
    if (!check_depth(doc)) {
      too_deep_ = true;
      return std::move(out_);
    }
    prepare(doc);
    IterPtr it(cmark_iter_new(doc));
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
      cmark_node* n = cmark_iter_get_node(it.get());
      if (ev == CMARK_EVENT_ENTER)
        enter(n, it.get());
      else
        exit(n);
    }
    if (footnotes_open_) out_.html += "</ol>\n</section>\n";
    return std::move(out_);
  }

 private:
  int line_of(cmark_node* n) const { return body_line_ + cmark_node_get_start_line(n) - 1; }

  // Browsers flatten markup nested deeper than a few hundred levels, so such a page cannot be
  // shown as written; real texts nest fewer than ten. Reported once, and nothing is rendered.
  bool check_depth(cmark_node* doc) {
    std::vector<cmark_node*> stack;  // the ancestors of the current node, and itself
    IterPtr it(cmark_iter_new(doc));
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
      if (ev != CMARK_EVENT_ENTER) continue;
      cmark_node* n = cmark_iter_get_node(it.get());
      while (!stack.empty() && stack.back() != cmark_node_parent(n)) stack.pop_back();
      stack.push_back(n);
      if (stack.size() > kMaxDepth) {
        cmark_node* at = n;
        while (at && cmark_node_get_start_line(at) == 0) at = cmark_node_parent(at);
        sink_.error(path_, at ? line_of(at) : body_line_, at ? cmark_node_get_start_column(at) : 1, "too-deep",
                    "Markdown nested more than " + std::to_string(kMaxDepth - 1) +
                        " levels deep (lists, quotes or emphasis); browsers cannot display it");
        return false;
      }
    }
    return true;
  }

  // Pass 1: editor's notes and explicit ids, before any output is produced.
  void prepare(cmark_node* doc) {
    std::vector<cmark_node*> quotes;
    IterPtr it(cmark_iter_new(doc));
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it.get())) != CMARK_EVENT_DONE) {
      cmark_node* n = cmark_iter_get_node(it.get());
      if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_BLOCK_QUOTE && is_editor_note(n))
        quotes.push_back(n);
    }
    for (cmark_node* q : quotes) {
      editor_notes_.insert(q);
      strip_editor_marker(q);
    }
  }

  void open_footnotes() {
    if (footnotes_open_) return;
    footnotes_open_ = true;
    out_.html +=
        "<section class=\"footnotes\" role=\"doc-endnotes\" aria-labelledby=\"notes\">\n"
        "<h2 id=\"notes\">Notes</h2>\n<ol class=\"footnote-list\">\n";
  }

  std::string next_paragraph_anchor(cmark_node* block) {
    std::string explicit_id = take_explicit_id(block);
    if (!explicit_id.empty()) {
      if (!anchors_.reserve(explicit_id))
        sink_.error(path_, line_of(block), 1, "duplicate-anchor", "anchor '#" + explicit_id + "' is used twice");
      return explicit_id;
    }
    ++paragraph_number_;
    std::string base = section_id_.empty() ? "p" : section_id_ + "-p";
    return anchors_.unique(base + std::to_string(paragraph_number_));
  }

  void add_block(const std::string& anchor, cmark_node* n, bool footnote) {
    Block b;
    b.anchor = anchor;
    b.section_id = section_id_;
    b.section_title = section_title_;
    b.text = subtree_text(n);
    b.quotable = util::normalise_quote(b.text);
    b.line = line_of(n);
    b.footnote = footnote;
    out_.blocks.push_back(std::move(b));
  }

  bool in_tight_list(cmark_node* paragraph) const {
    cmark_node* item = cmark_node_parent(paragraph);
    if (!item || cmark_node_get_type(item) != CMARK_NODE_ITEM) return false;
    cmark_node* list = cmark_node_parent(item);
    return list && cmark_node_get_list_tight(list);
  }

  // Whether the paragraph being entered gets an anchor of its own: paragraphs in footnotes and
  // editor's notes are addressed through their container.
  bool anchored() const {
    return options_.number_paragraphs && footnote_depth_ == 0 && editor_note_depth_ == 0;
  }

  void enter(cmark_node* n, cmark_iter* it) {
    auto& h = out_.html;
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_DOCUMENT:
        break;
      case CMARK_NODE_BLOCK_QUOTE:
        if (editor_notes_.count(n)) {
          ++editor_note_depth_;
          h += "<aside class=\"editor-note\" role=\"note\"><p class=\"editor-note-label\">Editor’s note</p>\n";
        } else {
          h += "<blockquote>\n";
        }
        break;
      case CMARK_NODE_LIST: {
        int start = cmark_node_get_list_start(n);
        if (cmark_node_get_list_type(n) == CMARK_ORDERED_LIST)
          h += start == 1 ? "<ol>\n" : "<ol start=\"" + std::to_string(start) + "\">\n";
        else
          h += "<ul>\n";
        break;
      }
      case CMARK_NODE_ITEM:
        h += "<li>";
        break;
      case CMARK_NODE_CODE_BLOCK: {
        // The info string's first word names the language, for a theme or a highlighter.
        const std::string info = cmark_node_get_fence_info(n) ? cmark_node_get_fence_info(n) : "";
        const std::string language = info.substr(0, info.find_first_of(" \t\n"));
        h += language.empty() ? "<pre><code>" : "<pre><code class=\"language-" + util::html_escape(language) + "\">";
        h += util::html_escape(literal(n)) + "</code></pre>\n";
        break;
      }
      case CMARK_NODE_HTML_BLOCK:
        h += options_.allow_raw_html ? sanitize_html(literal(n)) : "<p>" + util::html_escape(literal(n)) + "</p>\n";
        break;
      case CMARK_NODE_PARAGRAPH: {
        bool tight = in_tight_list(n);
        std::string anchor;
        if (anchored()) {
          anchor = next_paragraph_anchor(n);
          add_block(anchor, n, false);
          current_anchor_ = anchor;
        } else {
          take_explicit_id(n);
        }
        if (tight) {
          if (!anchor.empty()) h += "<span id=\"" + anchor + "\" class=\"anchor\"></span>";
        } else {
          h += anchor.empty() ? "<p>" : "<p id=\"" + anchor + "\">";
        }
        break;
      }
      case CMARK_NODE_HEADING: {
        std::string explicit_id = take_explicit_id(n);
        std::string text = subtree_text(n);
        std::string id;
        if (!explicit_id.empty()) {
          id = explicit_id;
          if (!anchors_.reserve(id))
            sink_.error(path_, line_of(n), 1, "duplicate-anchor", "anchor '#" + id + "' is used twice");
        } else {
          id = anchors_.unique(links::slugify(text));
        }
        int level = cmark_node_get_heading_level(n);
        out_.headings.push_back({level, id, text, line_of(n)});
        section_id_ = id;
        section_title_ = text;
        paragraph_number_ = 0;
        current_anchor_ = id;
        ++heading_depth_;
        h += "<h" + std::to_string(level) + " id=\"" + id + "\">";
        break;
      }
      case CMARK_NODE_THEMATIC_BREAK:
        h += "<hr>\n";
        break;
      case CMARK_NODE_FOOTNOTE_DEFINITION: {
        open_footnotes();
        ++footnote_depth_;
        std::string label = footnote_label(n);
        std::string id = "fn-" + links::slugify(label);
        current_anchor_ = id;
        add_block(id, n, true);
        h += "<li id=\"" + id + "\" value=\"" + std::to_string(footnote_value(label)) + "\">";
        footnote_body_start_ = h.size();
        break;
      }
      case CMARK_NODE_TEXT:
        text(n);
        break;
      case CMARK_NODE_SOFTBREAK:
        h += "\n";
        break;
      case CMARK_NODE_LINEBREAK:
        h += "<br>\n";
        break;
      case CMARK_NODE_CODE:
        h += "<code>" + util::html_escape(literal(n)) + "</code>";
        break;
      case CMARK_NODE_HTML_INLINE:
        if (options_.allow_raw_html) h += sanitize_html(literal(n));
        else if (is_line_break_tag(literal(n))) h += "<br>";  // GFM tables have no other line break
        else h += util::html_escape(literal(n));
        break;
      case CMARK_NODE_EMPH:
        h += "<em>";
        break;
      case CMARK_NODE_STRONG:
        h += "<strong>";
        break;
      case CMARK_NODE_LINK:
        link(n);
        break;
      case CMARK_NODE_IMAGE: {
        std::string url = cmark_node_get_url(n) ? cmark_node_get_url(n) : "";
        std::string alt = subtree_text(n);
        std::string title = cmark_node_get_title(n) ? cmark_node_get_title(n) : "";
        h += "<img src=\"" + href_escape(asset_or_url(url, n)) + "\" alt=\"" + util::html_escape(alt) + "\"";
        if (!title.empty()) h += " title=\"" + util::html_escape(title) + "\"";
        h += ">";
        // Alt text is already written; skip the children.
        cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
        break;
      }
      case CMARK_NODE_FOOTNOTE_REFERENCE: {
        std::string label = footnote_label(n);
        std::string slug = links::slugify(label);
        int count = ++footnote_refs_[label];
        out_.note_cited_at.emplace("fn-" + slug, current_anchor_);
        std::string ref_id = "fnref-" + slug + (count > 1 ? "-" + std::to_string(count) : "");
        h += "<sup class=\"fnref\"><a href=\"#fn-" + slug + "\" id=\"" + ref_id +
             "\" role=\"doc-noteref\" aria-describedby=\"notes\">" + util::html_escape(label) + "</a></sup>";
        break;
      }
      default: {
        std::string_view t = type_name(n);
        if (t == "table") {
          h += "<div class=\"table-wrap\"><table>\n";
          table_alignments_ = cmark_node_get_table_alignments_str(n);
        } else if (t == "table_header") {
          h += "<thead>\n<tr>\n";
          in_table_header_ = true;
          cell_index_ = 0;
        } else if (t == "table_row") {
          if (!tbody_open_) {
            h += "<tbody>\n";
            tbody_open_ = true;
          }
          h += "<tr>\n";
          cell_index_ = 0;
        } else if (t == "table_cell") {
          const char* tag = in_table_header_ ? "th" : "td";
          std::string align;
          if (cell_index_ < table_alignments_.size()) {
            char a = table_alignments_[cell_index_];
            if (a == 'l') align = " style=\"text-align:left\"";
            if (a == 'c') align = " style=\"text-align:center\"";
            if (a == 'r') align = " style=\"text-align:right\"";
          }
          h += std::string("<") + tag + align + ">";
          ++cell_index_;
        } else if (t == "strikethrough") {
          h += "<del>";
        }
        break;
      }
    }
  }

  void exit(cmark_node* n) {
    auto& h = out_.html;
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_BLOCK_QUOTE:
        if (editor_notes_.count(n)) {
          --editor_note_depth_;
          h += "</aside>\n";
        } else {
          h += "</blockquote>\n";
        }
        break;
      case CMARK_NODE_LIST:
        h += cmark_node_get_list_type(n) == CMARK_ORDERED_LIST ? "</ol>\n" : "</ul>\n";
        break;
      case CMARK_NODE_ITEM:
        h += "</li>\n";
        break;
      case CMARK_NODE_PARAGRAPH:
        if (!in_tight_list(n)) h += "</p>\n";
        break;
      case CMARK_NODE_HEADING:
        --heading_depth_;
        h += "</h" + std::to_string(cmark_node_get_heading_level(n)) + ">\n";
        break;
      case CMARK_NODE_FOOTNOTE_DEFINITION: {
        --footnote_depth_;
        std::string label = footnote_label(n);
        footnote_html_close(label);
        break;
      }
      case CMARK_NODE_EMPH:
        h += "</em>";
        break;
      case CMARK_NODE_STRONG:
        h += "</strong>";
        break;
      case CMARK_NODE_LINK:
        h += link_closers_.empty() ? "" : link_closers_.back();
        if (!link_closers_.empty()) link_closers_.pop_back();
        --link_depth_;
        break;
      default: {
        std::string_view t = type_name(n);
        if (t == "table") {
          if (tbody_open_) h += "</tbody>\n";
          tbody_open_ = false;
          h += "</table></div>\n";
        } else if (t == "table_header") {
          h += "</tr>\n</thead>\n";
          in_table_header_ = false;
        } else if (t == "table_row") {
          h += "</tr>\n";
        } else if (t == "table_cell") {
          h += in_table_header_ ? "</th>\n" : "</td>\n";
        } else if (t == "strikethrough") {
          h += "</del>";
        }
        break;
      }
    }
  }

  int footnote_value(const std::string& label) {
    // Sources number their notes; keep the printed number where the label is one.
    bool numeric = !label.empty() && label.find_first_not_of("0123456789") == std::string::npos && label.size() < 9;
    ++footnote_ordinal_;
    return numeric ? std::stoi(label) : footnote_ordinal_;
  }

  void footnote_html_close(const std::string& label) {
    auto& h = out_.html;
    std::string slug = links::slugify(label);
    std::string inner = h.substr(footnote_body_start_);
    out_.footnotes.push_back({label, "fn-" + slug, inner});
    std::string back;
    int refs = footnote_refs_[label];
    for (int i = 1; i <= refs; ++i) {
      std::string ref_id = "fnref-" + slug + (i > 1 ? "-" + std::to_string(i) : "");
      back += " <a href=\"#" + ref_id + "\" class=\"fnback\" aria-label=\"Back to reference " +
              util::html_escape(label) + "\">↩</a>";
    }
    // Put the back links inside the note's last paragraph, where readers expect them.
    std::size_t close = h.rfind("</p>\n");
    if (close != std::string::npos && close >= footnote_body_start_)
      h.insert(close, back);
    else
      h += back;
    h += "</li>\n";
  }

  // Files of the site ("assets/figure-11-1.png", also written "/assets/...") must exist; they
  // are linked relative to the page. Anything else goes through the URL filter.
  std::string asset_or_url(const std::string& url, cmark_node* n) {
    std::string path = url;
    if (util::starts_with(path, "/") && !util::starts_with(path, "//")) path.erase(0, 1);
    if (!util::starts_with(path, "assets/") || !hooks_.resolve_asset) return safe_url(url, n);
    auto resolved = hooks_.resolve_asset(path, line_of(n), cmark_node_get_start_column(n));
    return resolved ? *resolved : "#";
  }

  std::string safe_url(const std::string& url, cmark_node* n) {
    if (!is_safe_url(url)) {
      sink_.warning(path_, line_of(n), cmark_node_get_start_column(n), "unsafe-url",
                    "unsafe link target '" + url + "' removed");
      return "#";
    }
    return url;
  }

  void link(cmark_node* n) {
    ++link_depth_;
    std::string url = cmark_node_get_url(n) ? cmark_node_get_url(n) : "";
    std::string title = cmark_node_get_title(n) ? cmark_node_get_title(n) : "";
    auto colon = url.find(':');
    std::string scheme = colon == std::string::npos ? "" : url.substr(0, colon);
    std::string href;
    std::string attrs;
    if (options_.link_schemes.count(scheme)) {
      int line = line_of(n);
      int col = cmark_node_get_start_column(n);
      std::string key = url;
      std::string anchor;
      if (auto hash = url.find('#'); hash != std::string::npos) {
        key = url.substr(0, hash);
        anchor = url.substr(hash + 1);
      }
      std::optional<std::string> resolved = hooks_.resolve_link ? hooks_.resolve_link(url, line, col) : std::nullopt;
      if (!resolved) {
        out_.html += "<span class=\"broken-link\">";
        link_closers_.push_back("</span>");
        return;
      }
      href = *resolved;
      out_.links.push_back({key, anchor, line, col});
      out_.mentions.push_back({key, current_anchor_});
      attrs = " class=\"xref\" data-ref=\"" + util::html_escape(key) + "\"";
    } else {
      href = asset_or_url(url, n);
    }
    out_.html += "<a href=\"" + href_escape(href) + "\"" + attrs;
    if (!title.empty()) out_.html += " title=\"" + util::html_escape(title) + "\"";
    out_.html += ">";
    link_closers_.push_back("</a>");
  }

  void text(cmark_node* n) {
    std::string t = literal(n);
    report_missing_footnotes(n, t);
    if (link_depth_ > 0 || heading_depth_ > 0 || !hooks_.find_mentions) {
      out_.html += util::html_escape(t);
      return;
    }
    std::size_t pos = 0;
    for (const MentionMatch& m : hooks_.find_mentions(t)) {
      if (m.begin < pos || m.end > t.size()) continue;
      out_.html += util::html_escape(std::string_view(t).substr(pos, m.begin - pos));
      std::string shown = util::html_escape(std::string_view(t).substr(m.begin, m.end - m.begin));
      if (m.abbr) shown = "<abbr title=\"" + util::html_escape(m.title) + "\">" + shown + "</abbr>";
      if (!m.href.empty()) {
        out_.html += "<a class=\"xref mention\" href=\"" + util::html_escape(m.href) + "\" data-ref=\"" +
                     util::html_escape(m.target_key) + "\">" + shown + "</a>";
      } else {
        out_.html += shown;
      }
      if (!m.target_key.empty()) out_.mentions.push_back({m.target_key, current_anchor_});
      else if (m.abbr) out_.abbreviations.push_back({t.substr(m.begin, m.end - m.begin), current_anchor_});
      pos = m.end;
    }
    out_.html += util::html_escape(std::string_view(t).substr(pos));
  }

  // cmark-gfm leaves a reference without a definition as the literal text "[^label]".
  void report_missing_footnotes(cmark_node* n, const std::string& t) {
    for (std::size_t at = t.find("[^"); at != std::string::npos; at = t.find("[^", at + 2)) {
      std::size_t close = t.find(']', at + 2);
      if (close == std::string::npos) break;
      std::string label = t.substr(at + 2, close - at - 2);
      if (label.empty() || label.find_first_of(" \t\n") != std::string::npos) continue;
      sink_.error(path_, line_of(n), cmark_node_get_start_column(n) + static_cast<int>(at), "missing-footnote",
                  "footnote [^" + label + "] has no definition");
    }
  }

  static std::string cmark_node_get_table_alignments_str(cmark_node* table);

  const std::string& path_;
  int body_line_;
  const Options& options_;
  const Hooks& hooks_;
  diag::Sink& sink_;

  Rendered out_;
  links::AnchorSet anchors_;
  std::set<cmark_node*> editor_notes_;
  std::string section_id_, section_title_, current_anchor_;
  int paragraph_number_ = 0;
  int heading_depth_ = 0, link_depth_ = 0, footnote_depth_ = 0, editor_note_depth_ = 0;
  std::vector<std::string> link_closers_;
  bool footnotes_open_ = false;
  std::size_t footnote_body_start_ = 0;
  int footnote_ordinal_ = 0;
  std::map<std::string, int> footnote_refs_;
  std::string table_alignments_;
  bool in_table_header_ = false, tbody_open_ = false;
  bool too_deep_ = false;
  std::size_t cell_index_ = 0;
};

}  // namespace
}  // namespace kb::markdown

#include <cmark-gfm-core-extensions.h>

namespace kb::markdown {
namespace {
std::string Renderer::cmark_node_get_table_alignments_str(cmark_node* table) {
  std::string out;
  uint16_t cols = cmark_gfm_extensions_get_table_columns(table);
  uint8_t* al = cmark_gfm_extensions_get_table_alignments(table);
  for (uint16_t i = 0; al && i < cols; ++i) out += al[i] ? static_cast<char>(al[i]) : ' ';
  return out;
}
}  // namespace

namespace {

std::string footnote_key(std::string_view label) {
  return util::lower_ascii(util::fold_whitespace(label));
}

// cmark-gfm silently drops a footnote definition that nothing references, so the source lines
// are scanned for "[^label]:" outside fenced code and checked against the rendered notes.
void report_unused_footnotes(const std::string& path, std::string_view markdown, int body_line,
                             const std::vector<Footnote>& rendered, diag::Sink& sink) {
  std::set<std::string> used;
  for (const auto& f : rendered) used.insert(footnote_key(f.label));
  std::string fence;  // the open code fence, "" outside code
  int line = body_line;
  for (std::size_t pos = 0; pos < markdown.size(); ++line) {
    std::size_t nl = markdown.find('\n', pos);
    std::string_view l = markdown.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? markdown.size() : nl + 1;
    std::size_t indent = l.find_first_not_of(' ');
    if (indent == std::string_view::npos || indent > 3) continue;
    std::string_view rest = l.substr(indent);
    if (util::starts_with(rest, "```") || util::starts_with(rest, "~~~")) {
      std::string run(rest.substr(0, rest.find_first_not_of(rest[0])));
      if (fence.empty())
        fence = run;
      else if (run.size() >= fence.size() && run[0] == fence[0])
        fence.clear();
      continue;
    }
    if (!fence.empty() || !util::starts_with(rest, "[^")) continue;
    std::size_t close = rest.find(']');
    if (close == std::string_view::npos || close == 2 || close + 1 >= rest.size() || rest[close + 1] != ':') continue;
    std::string_view label = rest.substr(2, close - 2);
    if (used.count(footnote_key(label))) continue;
    sink.warning(path, line, static_cast<int>(indent) + 1, "unused-footnote",
                 "footnote [^" + std::string(label) + "] is defined but never referenced");
  }
}

}  // namespace

Rendered render(const std::string& path, const std::string& markdown, int body_line, const Options& options,
                const Hooks& hooks, diag::Sink& sink) {
  NodePtr doc = parse_gfm(markdown);
  Renderer r(path, body_line, options, hooks, sink);
  Rendered out = r.run(doc.get());
  if (!r.too_deep()) report_unused_footnotes(path, markdown, body_line, out.footnotes, sink);
  out.plain = subtree_text(doc.get());
  return out;
}

std::string plain_text(const std::string& markdown) {
  NodePtr doc = parse_gfm(markdown);
  return subtree_text(doc.get());
}

}  // namespace kb::markdown
