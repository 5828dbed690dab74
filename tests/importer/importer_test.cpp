// Importer unit tests on small excerpts of each source format: footnote layouts, page-break
// joins and their exceptions, tables, unquoted block quotes, headings with trailing markers,
// escaping, anchors and diagnostics.
#include <catch2/catch.hpp>

#include "diag/diagnostic.hpp"
#include "importer/importer.hpp"
#include "importer/manifest.hpp"
#include "importer/markers.hpp"
#include "util/text.hpp"

namespace {

using kb::importer::import_source;
using kb::importer::parse_manifest;

struct Run {
  std::string out;  // the body (front matter stripped)
  std::string front;
  kb::diag::Sink sink;
  kb::importer::ImportLog log;
};

// Imports `source` with a one-text manifest whose text entry is `text_yaml` (indented by 4).
Run run(const std::string& source, const std::string& text_yaml) {
  Run r;
  std::string yaml = "source: seed.txt\ntexts:\n  - id: t\n    front: {title: \"T\", order: 1}\n" + text_yaml;
  auto m = parse_manifest(yaml, "manifest.yaml", r.sink);
  for (const auto& d : r.sink.all()) UNSCOPED_INFO(kb::diag::format(d));
  REQUIRE(m);
  auto result = import_source(source, *m, r.sink, "seed.txt");
  REQUIRE(result.files.size() == 1);
  r.log = result.log;
  const std::string& c = result.files[0].content;
  std::size_t end = c.find("\n---\n", 4);
  REQUIRE(end != std::string::npos);
  r.front = c.substr(0, end + 5);
  r.out = c.substr(end + 5);
  return r;
}

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

bool has_code(const kb::diag::Sink& s, const std::string& code, int line = -1) {
  for (const auto& d : s.all())
    if (d.code == code && (line < 0 || d.line == line)) return true;
  return false;
}

}  // namespace

TEST_CASE("markers: both superscript ranges, multi-digit runs, ⁱ and <sup>", "[importer]") {
  using kb::importer::marker_at;
  CHECK(marker_at("¹", 0)->value == 1);
  CHECK(marker_at("²³", 0)->value == 23);
  CHECK(marker_at("⁶⁶ x", 0)->value == 66);
  CHECK(marker_at("¹⁰", 0)->value == 10);
  CHECK(marker_at("⁴⁵", 0)->length == 6);
  CHECK(marker_at("ⁱ", 0)->value == 1);
  CHECK(marker_at("<sup>17</sup>", 0)->value == 17);
  CHECK_FALSE(marker_at("<sup>x</sup>", 0));
  CHECK_FALSE(marker_at("9", 0));
  CHECK(kb::importer::strip_markers("in 2009²² and") == "in 2009 and");
  // A last line without '\n' is content, not dropped.
  CHECK(kb::util::split_lines("a\n\nb").size() == 3);
  CHECK(kb::util::split_lines("a\n").size() == 1);
}

TEST_CASE("endnotes: dashed, undashed, ASCII-numbered and page-split notes", "[importer]") {
  const std::string src =
      "Introduction\n"                                          // 1
      "\n"
      "Text one.¹ Text two² and three.³ Four⁴ and five.⁵\n"    // 3
      "\n"
      "Notes\n"                                                 // 5
      "\n"
      "- ¹ First note.\n"                                       // 7
      "² Second note, no dash.\n"                               // 8
      "\n"
      "- 3 Third note, ASCII number, split across\n"            // 10
      "\n"
      "- a page with a stray bullet.\n"                         // 12
      "- ⁴ Fourth note ends\n"                                  // 13
      "\n"
      "(BINUCA). continued.\n"                                  // 15
      "- ⁵ Fifth.";                                             // 16, no final newline
  Run r = run(src, "    lines: [1, 16]\n    body: [1, 4]\n    notes: {layout: endnotes, lines: [7, 16], count: 5}\n");
  CHECK(r.sink.all().empty());
  CHECK(has(r.out, "## Introduction\n"));
  CHECK(has(r.out, "Text one.[^1] Text two[^2] and three.[^3] Four[^4] and five.[^5]"));
  CHECK(has(r.out, "[^1]: First note.\n"));
  CHECK(has(r.out, "[^2]: Second note, no dash.\n"));
  CHECK(has(r.out, "[^3]: Third note, ASCII number, split across a page with a stray bullet.\n"));
  CHECK(has(r.out, "[^4]: Fourth note ends (BINUCA). continued.\n"));
  CHECK(has(r.out, "[^5]: Fifth.\n"));
}

TEST_CASE("endnotes: a wrong count is an error, an unreferenced note a warning", "[importer]") {
  const std::string src = "Para.¹\n\n- ¹ One.\n- ² Two.\n";
  Run r = run(src, "    lines: [1, 4]\n    body: [1, 1]\n    notes: {layout: endnotes, lines: [3, 4], count: 3}\n");
  CHECK(has_code(r.sink, "note-count"));
  CHECK(has_code(r.sink, "note-without-ref", 4));
  CHECK(has(r.out, "[^2]: Two."));  // kept, never dropped
}

TEST_CASE("page-bottom notes: interleaved, out of order, two on a line, one missing", "[importer]") {
  const std::string src =
      "I. Introduction\n"                                       // 1
      "\n"
      "The purpose is \"to save.\"¹ Approached as\n"            // 3
      "\n"
      "¹ Note one.\n"                                           // 5
      "\n"
      "³ Note three. ⁴ Note four on the same line.\n"           // 7
      "² Note two.\n"                                           // 8
      "\n"
      "\n"
      "\n"
      "a technical endeavour.² In reports³ and⁴ more.⁵\n";     // 12
  Run r = run(src,
              "    lines: [1, 12]\n    notes:\n      layout: page-bottom\n      count: 5\n"
              "      missing: {5: \"*The source gives no text for note 5.*\"}\n"
              "    headings: [{line: 1, level: 2}]\n");
  CHECK(r.sink.all().empty());
  CHECK(has(r.out, "The purpose is \"to save.\"[^1] Approached as a technical endeavour.[^2] In reports[^3] and[^4] more.[^5]"));
  CHECK(has(r.out, "[^3]: Note three.\n"));
  CHECK(has(r.out, "[^4]: Note four on the same line.\n"));
  CHECK(has(r.out, "[^2]: Note two.\n"));
  CHECK(has(r.out, "[^5]: *The source gives no text for note 5.*"));
  REQUIRE(r.log.joins.size() == 1);
  CHECK(r.log.joins[0] == std::pair{3, 12});
}

TEST_CASE("a marker without a note is reported with its line and shown as missing", "[importer]") {
  Run r = run("One.¹\n\nTwo.²\n\n¹ Only note.\n", "    lines: [1, 5]\n    notes: {layout: page-bottom}\n");
  CHECK(has_code(r.sink, "ref-without-note", 3));
  CHECK(has(r.out, "[^2]: *(The source gives no text for this note.)*"));
}

TEST_CASE("rule notes: --- then <sup>n</sup> lines; body resumes mid-sentence", "[importer]") {
  const std::string src =
      "- Second, **SSR as an entrance strategy to help post-conflict**\n"   // 1
      "\n"
      "---\n"                                                                // 3
      "\n"
      "<sup>1</sup> A note.<sup>1</sup> Nested.\n"                           // 5
      "\n"
      "**states develop over time.**<sup>1</sup> Next sentence.\n";         // 7
  Run r = run(src, "    lines: [1, 7]\n    notes: {layout: rule, count: 1}\n");
  CHECK(has_code(r.sink, "marker-in-note", 5));  // the nested marker is reported, not a reference
  CHECK(has(r.out, "- Second, **SSR as an entrance strategy to help post-conflict states develop over time.**[^1] Next sentence."));
  CHECK(has(r.out, "[^1]: A note. Nested."));
  CHECK_FALSE(has(r.out, "---"));
}

TEST_CASE("page-break joins and their exceptions", "[importer]") {
  const std::string src =
      "The paragraph is cut in the middle of\n"                 // 1
      "\n"
      "a sentence and continues.\n"                             // 3
      "\n"
      "It was adopted in the period between\n"                  // 5
      "\n"
      "January 2006 and January 2016.\n"                        // 7
      "\n"
      "Lead-in by the following operations:\n"                  // 9
      "\n"
      "- United Nations Mission A (UNA),\n"                     // 11
      "- United Nations Mission B (UNB);\n"                     // 12
      "\n"
      "and by the following special political missions:\n"      // 14
      "\n"
      "- This support may include public\n"                     // 16
      "\n"
      "expenditure reviews.\n"                                  // 18
      "\n"
      "Layer 1: the line ends with (ii)\n"                      // 20
      "\n"
      "Government commitment follows.\n"                        // 22
      "\n"
      "A signature without a full stop\n"                       // 24
      "\n"
      "Another block.\n";                                       // 26
  Run r = run(src, "    lines: [1, 26]\n    detect_headings: false\n    join: [20]\n    no_join: [24]\n");
  CHECK(has(r.out, "The paragraph is cut in the middle of a sentence and continues.\n"));
  CHECK(has(r.out, "It was adopted in the period between January 2006 and January 2016.\n"));
  CHECK(has(r.out, "- United Nations Mission B (UNB);\n\nand by the following special political missions:"));
  CHECK(has(r.out, "- This support may include public expenditure reviews.\n"));
  CHECK(has(r.out, "Layer 1: the line ends with (ii) Government commitment follows."));
  CHECK(has(r.out, "A signature without a full stop\n\nAnother block."));
  CHECK(r.log.joins.size() == 4);
}

TEST_CASE("a figure inside a split paragraph moves after the joined paragraph", "[importer]") {
  const std::string src =
      "The emphasis on military operations and\n"   // 1
      " \n"
      "\n"
      "\n"
      "Figure 12.1: Investments by focus area\n"     // 5
      "\n"
      "support has come at a cost.\n";               // 7
  Run r = run(src, "    lines: [1, 7]\n    movable: [5]\n");
  CHECK(has(r.out, "The emphasis on military operations and support has come at a cost.\n\nFigure 12.1: Investments by focus area\n"));
}

TEST_CASE("lowercase join mode keeps comma-ended paragraphs apart (resolution preamble)", "[importer]") {
  const std::string src =
      "The Security Council,\n\nReaffirming its responsibility,\n\nUnderlining the coordination of the\n\n"
      "range of actors,\n\n1. *Reaffirms* the importance;\n\n15. *Resolves* to:\n\n(a) Strengthen the approach;\n\n"
      "16. *Underlines* partnerships.\n";
  Run r = run(src, "    lines: [1, 15]\n    join_mode: lowercase\n    detect_headings: false\n    resolution_anchors: true\n");
  CHECK(has(r.out, "Reaffirming its responsibility, {#pp-1}\n"));
  CHECK(has(r.out, "Underlining the coordination of the range of actors, {#pp-2}\n"));
  CHECK(has(r.out, "1. *Reaffirms* the importance; {#op-1}\n"));
  CHECK(has(r.out, "(a) Strengthen the approach; {#op-15-a}\n"));
  CHECK(has(r.out, "16. *Underlines* partnerships. {#op-16}\n"));
}

TEST_CASE("tab-separated tables become pipe tables", "[importer]") {
  const std::string src =
      "Level\tDefinition\tWho\n"
      "<b>Strategic</b>\tDesigning a | b\t<b>Oversight bodies:</b> executive\n"
      "2009\tCreation of the SSR Unit ¹⁰\t<i>Séléka</i>\n"
      "\n"
      "1996-1997\tFACA mutinies\n"
      "2003\tMarch: Coup\n";
  Run r = run(src, "    lines: [1, 6]\n    headerless_tables: [5]\n");
  CHECK(has(r.out, "| Level | Definition | Who |\n| --- | --- | --- |\n"));
  CHECK(has(r.out, "| **Strategic** | Designing a \\| b | **Oversight bodies:** executive |\n"));
  CHECK(has(r.out, "| 2009 | Creation of the SSR Unit[^10] | *Séléka* |\n"));
  CHECK(has(r.out, "|  |  |\n| --- | --- |\n| 1996-1997 | FACA mutinies |\n| 2003 | March: Coup |"));
}

TEST_CASE("block quotes: listed unquoted ones and “…” after a colon", "[importer]") {
  const std::string src =
      "The report argued:\n"                                               // 1
      "\n"
      "Conflict prevention must be brought back to the fore. [...] Done.⁹\n"  // 3
      "\n"
      "Kofi Annan noted in 1999 that:\n"                                   // 5
      "\n"
      "“[...] security can no longer be understood in military terms.”¹³\n"  // 7
      "\n"
      "“A quotation that is a paragraph of its own.”\n";                  // 9
  Run r = run(src, "    lines: [1, 9]\n    blockquotes: [3]\n");
  CHECK(has(r.out, "> Conflict prevention must be brought back to the fore. \\[...] Done.[^9]\n"));
  CHECK(has(r.out, "> “\\[...] security can no longer be understood in military terms.”[^13]\n"));
  CHECK(has(r.out, "\n“A quotation that is a paragraph of its own.”"));  // no lead-in: not a quote
}

TEST_CASE("headings: shape, trailing markers, levels by line and text, false positives", "[importer]") {
  const std::string src =
      "Introduction¹\n"                                        // 1
      "\n"
      "Body text that is a sentence.\n"                        // 3
      "\n"
      "Understanding security sector reform¹²\n"               // 5
      "\n"
      "Body.\n"                                                // 7
      "\n"
      "Notions of security\n"                                  // 9
      "\n"
      "Body again.\n"                                          // 11
      "\n"
      "*Right-sizing and right-financing*⁸³\n"                 // 13
      "\n"
      "Body.\n"                                                // 15
      "\n"
      "Table 1.1: Milestones\n"                                // 17
      "\n"
      "Year\tMilestones\n"                                     // 19
      "\n"
      "A lead-in sentence ending in a colon:\n"                // 21
      "\n"
      "How has the agenda evolved?\n"                          // 23
      "\n"
      "Text.\n";                                               // 25
  Run r = run(src,
              "    lines: [1, 25]\n    headings:\n      - {line: 9, level: 3}\n"
              "      - {text: \"Right-sizing and right-financing\", level: 3}\n    not_headings: [17]\n");
  CHECK(has(r.out, "## Introduction[^1]\n"));
  CHECK(has(r.out, "## Understanding security sector reform[^12]\n"));
  CHECK(has(r.out, "### Notions of security\n"));
  CHECK(has(r.out, "### *Right-sizing and right-financing*[^83]\n"));
  CHECK(has(r.out, "\nTable 1.1: Milestones\n"));
  CHECK(has(r.out, "\nA lead-in sentence ending in a colon:\n"));
  CHECK(has(r.out, "## How has the agenda evolved?\n"));
}

TEST_CASE("Markdown source headings get the manifest's levels", "[importer]") {
  const std::string src = "### Executive Summary\n\nText.\n\n#### IV. Modes\n\nText.\n\n## **VI. Conclusion**\n\nEnd.\n";
  Run r = run(src, "    lines: [1, 11]\n    detect_headings: false\n    headings: [{line: 1, level: 2}, {text: \"IV. Modes\", level: 2}]\n");
  CHECK(has(r.out, "## Executive Summary\n"));
  CHECK(has(r.out, "## IV. Modes\n"));
  CHECK(has(r.out, "## **VI. Conclusion**\n"));
}

TEST_CASE("literal characters Markdown would interpret are escaped", "[importer]") {
  const std::string src =
      "“[T]he United Nations shall focus” on <i>this</i>, not <that>; see <https://undocs.org/S/2013/480>.\n"
      "\n"
      "1) If peacekeeping missions are to remain a key tool.\n"
      "\n"
      "- 4) Invest in measuring progress.\n"
      "- *2) Leverage the good offices.* In line.\n"
      "\n"
      "# Not a heading here\n";
  Run r = run(src, "    lines: [1, 8]\n    not_headings: [8]\n    detect_headings: false\n");
  CHECK(has(r.out, "“\\[T]he United Nations shall focus” on *this*, not \\<that>; see <https://undocs.org/S/2013/480>."));
  CHECK(has(r.out, "\n1\\) If peacekeeping missions"));
  CHECK(has(r.out, "- 4\\) Invest in measuring progress.\n- *2) Leverage"));
  INFO(r.out);
  CHECK(has(r.out, "\nNot a heading here\n"));
}

TEST_CASE("notes attached to a title or author line are kept in an editor's note", "[importer]") {
  Run r = run("Title of the chapter¹\n\nAUTHOR\n\nIntroduction\n\nText.²\n\nNotes\n\n- ¹ About the chapter.\n- ² Two.\n",
              "    lines: [1, 12]\n    body: [5, 8]\n    notes: {layout: endnotes, lines: [11, 12], count: 2}\n"
              "    attached_notes: [{line: 1, where: \"the chapter title\"}]\n");
  CHECK(r.sink.all().empty());
  CHECK(has(r.out, "> [!EDITOR-NOTE]\n> In the source, note 1 is attached to the chapter title.[^1]\n"));
  CHECK(has(r.out, "[^1]: About the chapter."));
}

TEST_CASE("front matter, editor's notes, fixes and exclusions", "[importer]") {
  const std::string src = "Keep this.\n\nRunning footer\n\nS/PRST/2007/3* cited.\n\nLast.";
  Run r = run(src,
              "    lines: [1, 7]\n    exclude: [3]\n"
              "    fixes: [{line: 5, from: \"3*\", to: \"3\\\\*\"}]\n"
              "    editor_notes: [{after: 5, text: \"An explanation.\"}]\n"
              "    editions: [{source: \"000.txt\", note: \"Standalone print.\"}]\n");
  CHECK(r.sink.all().empty());
  CHECK(r.front == "---\ntitle: \"T\"\norder: 1\nsource: \"seed.txt\"\nsource_lines: [1, 7]\neditions:\n"
                   "  - source: \"000.txt\"\n    note: \"Standalone print.\"\n---\n");
  CHECK_FALSE(has(r.out, "Running footer"));
  CHECK(has(r.out, "S/PRST/2007/3\\* cited.\n\n> [!EDITOR-NOTE]\n> An explanation.\n\nLast.\n"));
}

TEST_CASE("manifest mistakes are diagnostics, not exceptions", "[importer]") {
  kb::diag::Sink sink;
  CHECK_FALSE(parse_manifest("texts: [", "m.yaml", sink));
  CHECK(sink.has_errors());
  kb::diag::Sink sink2;
  CHECK_FALSE(parse_manifest("source: s.txt\ntexts:\n  - id: a\n    lines: [5, 2]\n    notes: {layout: sideways}\n",
                             "m.yaml", sink2));
  CHECK(sink2.error_count() >= 2);
  CHECK(sink2.all()[0].path == "m.yaml");
  CHECK(sink2.all()[0].line > 0);

  kb::diag::Sink sink3;
  auto m = parse_manifest("source: s.txt\ntexts:\n  - id: a\n    front: {title: x}\n    lines: [1, 40]\n", "m.yaml", sink3);
  REQUIRE(m);
  auto res = import_source("one line", *m, sink3, "s.txt");
  CHECK(res.files.empty());
  CHECK(has_code(sink3, "line-range"));

  kb::diag::Sink sink4;
  auto m4 = parse_manifest("source: s.txt\ntexts:\n  - id: a\n    front: {title: x}\n    lines: [1, 1]\n"
                           "    fixes: [{line: 1, from: \"absent\", to: \"x\"}]\n    editor_notes: [{after: 9, text: y}]\n",
                           "m.yaml", sink4);
  REQUIRE(m4);
  import_source("one line", *m4, sink4, "s.txt");
  CHECK(has_code(sink4, "fix-not-found", 1));
  CHECK(has_code(sink4, "editor-note", 9));
}

TEST_CASE("an editor's note on a footnote is indented into its definition", "[importer]") {
  Run r = run("Text.¹ More.²\n\nNotes\n\n- ¹ Resolution 2286 (S/RES/2286).\n- ² Two.\n",
              "    lines: [1, 6]\n    body: [1, 2]\n    notes: {layout: endnotes, lines: [5, 6]}\n"
              "    note_editor_notes: [{note: 1, text: \"Resolution 2282 is meant.\"}, {note: 9, text: \"x\"}]\n");
  CHECK(has(r.out, "[^1]: Resolution 2286 (S/RES/2286).\n\n    > [!EDITOR-NOTE]\n    > Resolution 2282 is meant.\n\n[^2]: Two.\n"));
  CHECK(has_code(r.sink, "editor-note"));  // note 9 does not exist
}

TEST_CASE("text ids name files under --out: the content id rule, and no two alike", "[importer]") {
  for (const char* id : {"../../x", "/tmp/x", "a/b", "UPPER", "-dash"}) {
    INFO(id);
    kb::diag::Sink sink;
    std::string yaml = std::string("source: seed.txt\ntexts:\n  - id: \"") + id +
                       "\"\n    front: {title: \"T\"}\n    lines: [1, 1]\n";
    auto m = parse_manifest(yaml, "manifest.yaml", sink);
    CHECK(has_code(sink, "manifest", 3));
    bool named = false;
    for (const auto& d : sink.all()) named = named || d.message.find("invalid text id") != std::string::npos;
    CHECK(named);
  }
  kb::diag::Sink sink;
  auto m = parse_manifest("source: seed.txt\ntexts:\n  - id: a\n    lines: [1, 1]\n  - id: a\n    lines: [2, 2]\n",
                          "manifest.yaml", sink);
  REQUIRE(sink.error_count() == 1);
  CHECK(sink.all()[0].line == 5);
  CHECK(sink.all()[0].message.find("the first at line 3") != std::string::npos);
}
