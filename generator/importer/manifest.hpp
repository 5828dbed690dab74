// The import manifest: everything about a source text that cannot be inferred from the text
// itself (metadata, where each output text starts, heading levels, exclusions, exceptions to
// the page-break join rule, explicit fixes, note layouts, editor's notes). One YAML file per
// seed, kept in import/ so that the import is reproducible; import/README.md documents the keys.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "diag/diagnostic.hpp"

namespace kb::importer {

using LineRange = std::pair<int, int>;  // 1-based, inclusive

// One front matter field, already rendered as a YAML value ("\"text\"", "2020", "[1, 2]").
struct FrontField {
  std::string key;
  std::string yaml_value;
};

enum class NoteLayout {
  None,
  Endnotes,    // a `Notes` section: `- ¹ text`, `¹ text`, `- 40 text`, split notes continue
  PageBottom,  // definitions interleaved with the body at page bottoms (`¹ text` lines)
  Rule,        // a `---` line, then `<sup>n</sup> text` lines, then the body resumes
};

struct HeadingRule {
  int line = 0;       // match by source line, or
  std::string text;   // by exact text (markers, `#` and surrounding `*` stripped)
  int level = 2;
};

struct Fix {
  int line = 0;
  std::string from;
  std::string to;
};

struct EditorNote {
  int after = 0;   // inserted after the block that contains this source line, or
  int before = 0;  // before the block that starts at this source line
  std::string text;
};

struct Anchor {
  int line = 0;
  std::string id;
};

struct AttachedNote {
  int line = 0;        // a line outside the body (chapter title, author line) carrying a marker
  std::string where;   // "the chapter title", for the editor's note that carries the reference
};

struct Edition {
  std::string source;
  std::string note;
};

struct TextSpec {
  std::string id;
  std::vector<FrontField> front;  // in manifest order; written in the content-format order
  LineRange lines{0, 0};          // source_lines (the whole unit, heads and notes included)
  LineRange body{0, 0};           // what becomes the Markdown body
  NoteLayout note_layout = NoteLayout::None;
  LineRange notes{0, 0};          // Endnotes only
  int expected_notes = -1;        // -1: not checked
  std::map<int, std::string> missing_notes;  // number → text shown in place of the missing one
  std::vector<AttachedNote> attached_notes;
  std::vector<HeadingRule> headings;
  int default_heading_level = 2;
  bool detect_headings = true;
  std::vector<int> not_headings;
  std::vector<LineRange> exclude;
  std::string join_mode = "auto";  // auto | lowercase | none
  std::vector<int> join;           // force: join the block ending at this line with the next
  std::vector<int> no_join;        // never join the block ending at this line with the next
  std::vector<int> blockquotes;    // lines of paragraphs to render as block quotes
  bool auto_blockquotes = true;    // “…” paragraph after a lead-in ending in `:`
  std::vector<int> not_blockquotes;
  std::vector<LineRange> movable;  // figures: skipped by the joiner, emitted after the paragraph
  std::vector<int> headerless_tables;  // first line of a TSV table with no header row
  // first line of a TSV table with no header row → the header the editors give it
  std::map<int, std::vector<std::string>> table_headers;
  std::vector<Fix> fixes;
  std::vector<EditorNote> editor_notes;
  std::map<int, std::string> note_editor_notes;  // note number → editor's note inside its definition
  std::vector<Anchor> anchors;
  bool resolution_anchors = false;  // pp-N / op-N / op-15-a anchors for a UN resolution text
  std::vector<Edition> editions;
};

// Known differences between a seed that produces no text of its own (an edition) and the text
// that stands for it; used by the fidelity test to compare the two.
struct Difference {
  std::string edition_text;
  std::string canonical_text;
};

struct Manifest {
  std::string source;  // seed file name
  std::vector<LineRange> exclude;  // applies to every text
  std::vector<TextSpec> texts;
  // An edition-only manifest (seed 000): its body lines must appear in `edition_of`.
  std::string edition_of;
  LineRange edition_body{0, 0};
  LineRange edition_notes{0, 0};
  std::vector<Difference> differences;
};

// Parses manifest YAML. Mistakes become diagnostics against `path`; the result is then partial.
std::optional<Manifest> parse_manifest(const std::string& yaml_text, const std::string& path,
                                       diag::Sink& sink);
std::optional<Manifest> load_manifest(const std::string& path, diag::Sink& sink);

// Renders a scalar as a double-quoted YAML string.
std::string yaml_quote(const std::string& s);

}  // namespace kb::importer
