// Test helpers for comparing content/ with the seeds: render a content file's Markdown to plain
// text with cmark-gfm (as a reader sees it), and normalise text for comparison (whitespace,
// quote style, markup, footnote markers). Independent of the generator's own renderer on
// purpose: the fidelity test must not share the code it checks.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kb::test {

struct RenderedText {
  std::string body;                       // text of the body outside editor's notes and notes
  std::vector<std::string> blocks;        // each paragraph, heading or table cell, as text
  std::map<std::string, std::vector<int>> ref_blocks;  // footnote label → blocks holding it
  std::vector<std::string> refs;          // labels in reading order
  std::map<std::string, std::string> definitions;      // label → text
  std::vector<std::string> editor_notes;  // text of each [!EDITOR-NOTE] block
  std::map<std::string, bool> ref_in_editor_note;
  int html_nodes = 0;                     // raw HTML a safe renderer would drop
};

// `markdown` is a content file without its front matter.
RenderedText render_text(const std::string& markdown);

// Whitespace collapsed; curly quotes straightened; markers (Unicode superscripts, <sup>n</sup>,
// [^n]), emphasis stars, angle brackets, <i>/<b> tags and explicit {#anchors} removed.
std::string normalise(std::string_view text);

// Strips a source line's block markup (bullets, "1. " list numbers, "#" heading marks).
std::string strip_block_markup(std::string_view line);

// Splits normalised text into sentences (after . ? ! followed by a space).
std::vector<std::string> sentences(const std::string& normalised);

// Front matter and body of a content file.
std::pair<std::string, std::string> split_front(const std::string& file);

std::string read_file(const std::string& path);

}  // namespace kb::test
