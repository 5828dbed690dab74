// Renders one page's Markdown to HTML with stable anchors, and collects what later stages need:
// headings (table of contents), anchored blocks (quotes, search, backlinks), footnotes,
// cross-references and automatic mentions. It never sees the whole site: links and mentions
// are resolved through the hooks it is given.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"

namespace kb::markdown {

struct Heading {
  int level = 0;
  std::string id;
  std::string text;
  int line = 0;
};

// A paragraph-level unit with its own anchor: a paragraph, a tight list item, a footnote.
struct Block {
  std::string anchor;
  std::string section_id;     // id of the heading it sits under ("" before the first)
  std::string section_title;
  std::string text;           // plain text, footnote markers left out, whitespace folded
  std::string quotable;       // util::normalise_quote(text): what quotes are found in
  int line = 0;
  bool footnote = false;
};

struct LinkUse {
  std::string target_key;  // "mission:minusca"
  std::string anchor;      // "" or the part after '#'
  int line = 0;
  int col = 0;
};

struct Mention {
  std::string target_key;
  std::string anchor;  // the block it occurs in
};

// A glossary acronym where the text uses it ("SSR" in block "p-12").
struct Abbreviation {
  std::string acronym;
  std::string anchor;
};

struct Footnote {
  std::string label;
  std::string id;    // "fn-12"
  std::string html;  // inner HTML of the note, for popovers
};

struct Rendered {
  std::string html;
  std::string plain;  // the whole body as plain text (summaries, previews, search)
  std::vector<Heading> headings;
  std::vector<Block> blocks;
  std::vector<LinkUse> links;
  std::vector<Mention> mentions;
  std::vector<Abbreviation> abbreviations;
  std::vector<Footnote> footnotes;
  // A note's anchor ("fn-12") → the anchor of the block whose text first refers to it.
  std::map<std::string, std::string> note_cited_at;
  // render::digest of the above, made once with the body where views' reads are checked
  // (kbgen serve); 0 when not made.
  std::uint64_t digest = 0;
};

// A match of the mention matcher inside a text run (byte offsets into that run).
struct MentionMatch {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string target_key;  // "" for a plain glossary acronym
  std::string href;        // relative URL of the target page, "" for none
  std::string title;       // expansion or full name, for the tooltip / <abbr>
  bool abbr = false;
};

struct Hooks {
  // "kind:id[#anchor]" → relative href; reports the problem and returns nullopt when unknown.
  std::function<std::optional<std::string>(const std::string& url, int line, int col)> resolve_link;
  // "assets/x.png" (relative to the site root) → relative href; reports a missing file.
  std::function<std::optional<std::string>(const std::string& path, int line, int col)> resolve_asset;
  // Finds mentions in a run of text outside links, headings and code.
  std::function<std::vector<MentionMatch>(std::string_view text)> find_mentions;
};

struct Options {
  bool allow_raw_html = false;
  // URL schemes that are cross-references ("mission" in "mission:minusca"): the schema's kinds
  // and "page".
  std::set<std::string> link_schemes;
  bool number_paragraphs = true;  // paragraph anchors (texts); entity pages may turn it off
};

Rendered render(const std::string& path, const std::string& markdown, int body_line, const Options& options,
                const Hooks& hooks, diag::Sink& sink);

// Plain text of Markdown (for summaries and search): markup and footnote markers dropped.
std::string plain_text(const std::string& markdown);

}  // namespace kb::markdown
