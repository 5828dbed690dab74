// The importer (see importer.hpp). Pipeline per output text: take the manifest's line range,
// drop exclusions and apply fixes; cut the lines into blocks; pull out note definitions (whatever
// their layout); classify headings and block quotes; re-join paragraphs split by page breaks
// (skipping interleaved notes and figures); convert inline markup; write front matter, body and
// footnote definitions.
#include "importer/importer.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "importer/markers.hpp"
#include "util/text.hpp"

namespace kb::importer {

namespace {

enum class Kind { Paragraph, Heading, ListItem, Table, Rule, NoteDef, Movable };

struct Block {
  Kind kind = Kind::Paragraph;
  std::vector<std::string> lines;
  std::vector<int> src;  // source line of each entry in `lines`
  int level = 0;
  bool quote = false;
  bool from_markdown_heading = false;
  bool blank_before = true;
  bool blank_after = true;
  int end_line = 0;  // last source line in the block, joined continuations included
  int first() const { return src.front(); }
  int last() const { return std::max(end_line, src.back()); }
};

struct Note {
  int number = 0;
  int line = 0;
  std::string text;
};

std::string trim(std::string_view s) {
  std::size_t a = 0, b = s.size();
  while (a < b && (s[a] == ' ' || s[a] == '\t')) ++a;
  while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t')) --b;
  return std::string(s.substr(a, b - a));
}

bool is_blank(const std::string& s) { return trim(s).empty(); }

bool contains(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

bool in_ranges(const std::vector<LineRange>& rs, int line) {
  for (const auto& r : rs)
    if (line >= r.first && line <= r.second) return true;
  return false;
}

const std::regex& list_item_re() {
  static const std::regex re(R"(^\s*(- |[0-9]{1,2}\. ))");
  return re;
}

bool is_list_item(const std::string& s) { return std::regex_search(s, list_item_re()); }

bool is_md_heading(const std::string& s) {
  static const std::regex re(R"(^#{1,6} )");
  return std::regex_search(s, re);
}

// A line starting a note definition: optional "- ", a marker run, a space.
std::optional<MarkerRun> leading_marker(const std::string& s, std::size_t* text_start) {
  std::size_t p = 0;
  while (p < s.size() && s[p] == ' ') ++p;
  if (s.compare(p, 2, "- ") == 0) p += 2;
  auto m = marker_at(s, p);
  if (!m) return std::nullopt;
  std::size_t q = p + m->length;
  while (q < s.size() && s[q] == ' ') ++q;
  if (text_start) *text_start = q;
  return m;
}

// Strips trailing markers, emphasis stars and spaces, for punctuation tests.
std::string strip_tail(const std::string& line) {
  std::string s = trim(strip_markers(line));
  while (!s.empty() && (s.back() == '*' || s.back() == ' ')) s.pop_back();
  return s;
}

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Sentence-final punctuation, including closing quotes and parentheses.
bool terminal(const std::string& line) {
  std::string s = strip_tail(line);
  if (s.empty()) return true;
  char c = s.back();
  if (c == '.' || c == '?' || c == '!' || c == ':' || c == ')' || c == '"' || c == '\'') return true;
  return ends_with(s, "”") || ends_with(s, "’") || ends_with(s, ">");
}

// First letter of a line after opening quotes, brackets and emphasis.
bool starts_lower(const std::string& line) {
  std::string s = trim(line);
  // "(a) Strengthen…": an enumeration label, not a sentence continuing in lower case.
  static const std::regex label(R"(^\(([a-z]|[ivx]{1,4})\) )");
  if (std::regex_search(s, label)) return false;
  std::size_t p = 0;
  while (p < s.size()) {
    if (s[p] == '*' || s[p] == '"' || s[p] == '\'' || s[p] == '(' || s[p] == '[') {
      ++p;
      continue;
    }
    if (s.compare(p, 3, "“") == 0 || s.compare(p, 3, "‘") == 0) {
      p += 3;
      continue;
    }
    break;
  }
  if (p >= s.size()) return false;
  unsigned char c = static_cast<unsigned char>(s[p]);
  return c >= 'a' && c <= 'z';
}

bool starts_heading_follower(const std::string& line) {
  std::string s = trim(line);
  if (s.empty()) return false;
  unsigned char c = static_cast<unsigned char>(s[0]);
  if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '"' || c == '*' || c == '(' ||
      c == '\'' || c == '-')
    return true;
  if (c >= 0x80) return !starts_lower(s);  // “, accented capitals
  return false;
}

// Heading shape: one short line standing alone, no sentence punctuation at its end.
bool heading_shape(const Block& b, const Block* next) {
  if (b.kind != Kind::Paragraph || b.lines.size() != 1) return false;
  if (!b.blank_before || !b.blank_after) return false;
  const std::string& line = b.lines[0];
  std::string s = trim(strip_markers(line));
  if (s.empty() || s.size() > 135 || s.find('\t') != std::string::npos) return false;
  // A short paragraph that opens with a quotation mark is a quotation, not a heading.
  if (s[0] == '"' || s.rfind("“", 0) == 0) return false;
  unsigned char c0 = static_cast<unsigned char>(s[0]);
  bool upper_start = (c0 >= 'A' && c0 <= 'Z') || (c0 >= '0' && c0 <= '9') || c0 == '*' ||
                     c0 == '(' || (c0 >= 0x80 && !starts_lower(s));
  if (!upper_start) return false;
  std::string t = strip_tail(line);
  if (t.empty()) return false;
  char last = t.back();
  if (last == '.' || last == ',' || last == ';' || last == ':') return false;
  // A line of digits only is a chapter number, not a heading.
  if (std::all_of(t.begin(), t.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) return false;
  if (next && !next->lines.empty() && !starts_heading_follower(next->lines[0])) return false;
  return true;
}

std::string heading_key(const std::string& line) {
  std::string s = trim(strip_markers(line));
  while (!s.empty() && s[0] == '#') s.erase(0, 1);
  s = trim(s);
  while (!s.empty() && s.front() == '*') s.erase(0, 1);
  while (!s.empty() && s.back() == '*') s.pop_back();
  return trim(s);
}

// Escapes what Markdown would read as a block marker at the start of a paragraph.
std::string escape_block_start(const std::string& s) {
  static const std::regex ordered(R"(^([0-9]{1,9})([.)])( |$))");
  std::smatch m;
  if (std::regex_search(s, m, ordered))
    return m[1].str() + "\\" + m[2].str() + s.substr(m[1].length() + 1);
  if (!s.empty() && (s[0] == '#' || s[0] == '>' || s[0] == '+' || s[0] == '=')) return "\\" + s;
  if (s.size() > 1 && (s[0] == '-' || s[0] == '*') && s[1] == ' ') return "\\" + s;
  return s;
}

// Inside a bullet, "4) Invest…" would open a nested ordered list.
std::string escape_list_item(const std::string& s) {
  static const std::regex item(R"(^(\s*- )([0-9]{1,9})([.)])( ))");
  std::smatch m;
  if (std::regex_search(s, m, item))
    return m[1].str() + m[2].str() + "\\" + m[3].str() + s.substr(m[0].length() - 1);
  return s;
}

// `header`: the cells of an editors' header row for a table printed without one (nullptr: none).
std::string md_table(const Block& b, bool headerless, const std::vector<std::string>* header,
                     std::vector<int>* refs) {
  std::vector<std::vector<std::string>> rows;
  std::size_t cols = 0;
  for (const auto& line : b.lines) {
    std::vector<std::string> cells;
    std::size_t start = 0;
    while (true) {
      std::size_t tab = line.find('\t', start);
      std::string cell = trim(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      std::string conv = convert_inline(cell, refs);
      std::string esc;
      for (char ch : conv) {
        if (ch == '|') esc += '\\';
        esc += ch;
      }
      cells.push_back(esc);
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    cols = std::max(cols, cells.size());
    rows.push_back(std::move(cells));
  }
  auto row_md = [&](const std::vector<std::string>& cells) {
    std::string out = "|";
    for (std::size_t i = 0; i < cols; ++i) out += " " + (i < cells.size() ? cells[i] : "") + " |";
    return out;
  };
  std::string out;
  std::size_t first = 0;
  if (header) {
    std::vector<std::string> cells;
    for (const auto& cell : *header) cells.push_back(convert_inline(cell, refs));
    out += row_md(cells) + "\n";
  } else if (headerless) {
    out += row_md({}) + "\n";
  } else {
    out += row_md(rows[0]) + "\n";
    first = 1;
  }
  out += "|";
  for (std::size_t i = 0; i < cols; ++i) out += " --- |";
  out += "\n";
  for (std::size_t r = first; r < rows.size(); ++r) out += row_md(rows[r]) + "\n";
  out.pop_back();
  return out;
}

class TextImporter {
 public:
  TextImporter(const std::vector<std::string>& src, const Manifest& m, const TextSpec& spec,
               diag::Sink& sink, std::string path, ImportLog& log)
      : src_(src), manifest_(m), spec_(spec), sink_(sink), path_(std::move(path)), log_(log) {}

  std::string run();

 private:
  std::string line_text(int n) const {
    std::string s = (n >= 1 && n <= static_cast<int>(src_.size())) ? src_[n - 1] : std::string();
    for (const auto& f : spec_.fixes) {
      if (f.line != n) continue;
      std::size_t pos = s.find(f.from);
      if (pos == std::string::npos) {
        sink_.error(path_, n, 0, "fix-not-found",
                    "manifest fix for '" + f.from + "' does not match line " + std::to_string(n));
        continue;
      }
      s.replace(pos, f.from.size(), f.to);
    }
    return s;
  }
  bool excluded(int n) const { return in_ranges(manifest_.exclude, n) || in_ranges(spec_.exclude, n); }

  void build_blocks();
  void parse_endnotes();
  void take_note_def(const Block& b);
  void classify();
  void join();
  std::string emit();
  std::string note_list_text(const std::string& raw, int line);

  const std::vector<std::string>& src_;
  const Manifest& manifest_;
  const TextSpec& spec_;
  diag::Sink& sink_;
  std::string path_;
  ImportLog& log_;
  std::vector<Block> blocks_;
  std::map<int, Note> notes_;
  std::vector<std::pair<int, int>> refs_;  // (number, source line)
};

void TextImporter::build_blocks() {
  Block* cur = nullptr;
  bool prev_blank = true;
  auto start = [&](Kind k, int n, const std::string& text) {
    Block b;
    b.kind = k;
    b.lines.push_back(text);
    b.src.push_back(n);
    b.blank_before = prev_blank;
    if (!blocks_.empty() && !prev_blank) blocks_.back().blank_after = false;
    blocks_.push_back(std::move(b));
    cur = &blocks_.back();
  };
  for (int n = spec_.body.first; n <= spec_.body.second; ++n) {
    if (excluded(n)) continue;
    if (spec_.note_layout == NoteLayout::Endnotes && n >= spec_.notes.first && n <= spec_.notes.second)
      continue;
    std::string s = line_text(n);
    if (is_blank(s)) {
      cur = nullptr;
      prev_blank = true;
      continue;
    }
    if (in_ranges(spec_.movable, n)) {
      start(Kind::Movable, n, s);
      cur = nullptr;
    } else if (spec_.note_layout == NoteLayout::PageBottom && leading_marker(s, nullptr)) {
      start(Kind::NoteDef, n, s);
      cur = nullptr;
    } else if (spec_.note_layout == NoteLayout::Rule && s.rfind("<sup>", 0) == 0) {
      start(Kind::NoteDef, n, s);
      cur = nullptr;
    } else if (spec_.note_layout == NoteLayout::Rule && trim(s) == "---") {
      start(Kind::Rule, n, s);
      cur = nullptr;
    } else if (s.find('\t') != std::string::npos) {
      if (cur && cur->kind == Kind::Table) {
        cur->lines.push_back(s);
        cur->src.push_back(n);
      } else {
        start(Kind::Table, n, s);
      }
    } else if (is_list_item(s)) {
      start(Kind::ListItem, n, s);
    } else if (is_md_heading(s)) {
      start(Kind::Heading, n, s);
      cur->from_markdown_heading = true;
      cur = nullptr;
    } else if (cur && (cur->kind == Kind::Paragraph || cur->kind == Kind::ListItem)) {
      cur->lines.push_back(s);
      cur->src.push_back(n);
    } else {
      start(Kind::Paragraph, n, s);
    }
    prev_blank = false;
  }
  if (!blocks_.empty()) blocks_.back().blank_after = true;
}

std::string TextImporter::note_list_text(const std::string& raw, int line) {
  // Markers inside a note are never references (a nested citation lost in extraction would
  // point the note at itself), so they are reported and left out.
  std::vector<int> inner;
  std::string text = convert_inline(raw, &inner);
  if (!inner.empty()) {
    sink_.warning(path_, line, 0, "marker-in-note",
                  "footnote marker inside a note definition left out (add a manifest fix to make this explicit)");
    static const std::regex ref(R"(\[\^[0-9]+\])");
    text = std::regex_replace(text, ref, "");
  }
  return text;
}

void TextImporter::take_note_def(const Block& b) {
  // A page-bottom line may carry several definitions ("¹⁴ … ¹⁵ …").
  int n = b.first();
  std::string s = b.lines[0];
  for (std::size_t k = 1; k < b.lines.size(); ++k) s += " " + trim(b.lines[k]);
  std::size_t text_start = 0;
  auto m = leading_marker(s, &text_start);
  if (!m) return;
  std::vector<std::pair<int, std::string>> defs;
  int number = m->value;
  std::size_t seg = text_start;
  for (std::size_t i = text_start; i < s.size(); ++i) {
    if (s[i] != ' ') continue;
    auto next = marker_at(s, i + 1);
    if (next && next->value > number && i + 1 + next->length < s.size() && s[i + 1 + next->length] == ' ' &&
        s.rfind("<sup>", i + 1) != i + 1) {
      defs.push_back({number, s.substr(seg, i - seg)});
      number = next->value;
      seg = i + 1 + next->length + 1;
      i = seg - 1;
    }
  }
  defs.push_back({number, s.substr(seg)});
  for (auto& [num, text] : defs) {
    if (notes_.count(num))
      sink_.warning(path_, n, 0, "duplicate-note", "note " + std::to_string(num) + " defined twice");
    notes_[num] = Note{num, n, note_list_text(trim(text), n)};
  }
}

void TextImporter::parse_endnotes() {
  static const std::regex ascii(R"(^\s*(?:- )?([0-9]{1,3}) (.*)$)");
  int prev = 0;
  Note* cur = nullptr;
  for (int n = spec_.notes.first; n <= spec_.notes.second; ++n) {
    if (excluded(n)) continue;
    std::string s = line_text(n);
    if (is_blank(s)) continue;
    std::size_t text_start = 0;
    std::optional<int> number;
    std::string text;
    if (auto m = leading_marker(s, &text_start)) {
      number = m->value;
      text = s.substr(text_start);
    } else {
      std::smatch am;
      if (std::regex_match(s, am, ascii) && std::stoi(am[1].str()) == prev + 1) {
        number = std::stoi(am[1].str());
        text = am[2].str();
      }
    }
    if (number && *number == prev + 1) {
      prev = *number;
      notes_[prev] = Note{prev, n, ""};
      cur = &notes_[prev];
      cur->text = text;
      continue;
    }
    if (number) {
      sink_.warning(path_, n, 0, "note-sequence",
                    "note " + std::to_string(*number) + " follows note " + std::to_string(prev) +
                        "; read as a continuation of note " + std::to_string(prev));
    }
    if (!cur) {
      sink_.warning(path_, n, 0, "note-orphan-text", "text in the notes section before the first note");
      continue;
    }
    // A note split by a page break: the continuation sometimes carries a stray bullet.
    std::string cont = trim(s);
    if (cont.rfind("- ", 0) == 0) cont = cont.substr(2);
    cur->text += " " + cont;
  }
  for (auto& [num, note] : notes_) note.text = note_list_text(trim(note.text), note.line);
}

void TextImporter::classify() {
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    Block& b = blocks_[i];
    if (b.kind == Kind::NoteDef) take_note_def(b);
    if (b.kind != Kind::Paragraph && b.kind != Kind::Heading) continue;
    const Block* next = nullptr;
    for (std::size_t j = i + 1; j < blocks_.size(); ++j) {
      if (blocks_[j].kind == Kind::NoteDef || blocks_[j].kind == Kind::Rule || blocks_[j].kind == Kind::Movable)
        continue;
      next = &blocks_[j];
      break;
    }
    int line = b.first();
    if (contains(spec_.not_headings, line)) {
      if (b.kind == Kind::Heading) {
        b.kind = Kind::Paragraph;
        b.lines[0] = heading_key(b.lines[0]) == "" ? b.lines[0] : std::regex_replace(b.lines[0], std::regex("^#+ +"), "");
      }
      continue;
    }
    const HeadingRule* rule = nullptr;
    if (b.lines.size() == 1) {
      for (const auto& r : spec_.headings) {
        if ((r.line && r.line == line) || (!r.text.empty() && r.text == heading_key(b.lines[0]))) {
          rule = &r;
          break;
        }
      }
    }
    if (rule) {
      b.kind = Kind::Heading;
      b.level = rule->level;
    } else if (b.kind == Kind::Heading) {
      std::size_t hashes = 0;
      while (hashes < b.lines[0].size() && b.lines[0][hashes] == '#') ++hashes;
      b.level = std::max<int>(2, static_cast<int>(hashes));
    } else if (spec_.detect_headings && heading_shape(b, next)) {
      b.kind = Kind::Heading;
      b.level = spec_.default_heading_level;
    }
    if (b.kind == Kind::Heading) log_.headings.push_back({line, b.level});
  }
  // Block quotes: listed in the manifest, or a “…” paragraph after a lead-in ending in ':'.
  const Block* prev_flow = nullptr;
  for (auto& b : blocks_) {
    if (b.kind == Kind::NoteDef || b.kind == Kind::Rule || b.kind == Kind::Movable) continue;
    if (b.kind == Kind::Paragraph) {
      bool listed = contains(spec_.blockquotes, b.first());
      bool automatic = spec_.auto_blockquotes && prev_flow &&
                       (prev_flow->kind == Kind::Paragraph) &&
                       ends_with(strip_tail(prev_flow->lines.back()), ":") &&
                       trim(b.lines[0]).rfind("“", 0) == 0;
      if ((listed || automatic) && !contains(spec_.not_blockquotes, b.first())) {
        b.quote = true;
        log_.blockquotes.push_back(b.first());
      }
    }
    prev_flow = &b;
  }
  for (int q : spec_.blockquotes) {
    bool found = std::any_of(blocks_.begin(), blocks_.end(), [&](const Block& b) {
      return b.kind == Kind::Paragraph && b.first() == q;
    });
    if (!found)
      sink_.error(path_, q, 0, "manifest-blockquote", "manifest block quote line does not start a paragraph");
  }
}

void TextImporter::join() {
  std::vector<Block> out;
  std::vector<bool> used(blocks_.size(), false);
  auto skippable = [](const Block& b) {
    return b.kind == Kind::NoteDef || b.kind == Kind::Rule || b.kind == Kind::Movable;
  };
  for (std::size_t i = 0; i < blocks_.size(); ++i) {
    if (used[i]) continue;
    Block a = blocks_[i];
    used[i] = true;
    std::vector<std::size_t> moved;
    if ((a.kind == Kind::Paragraph || a.kind == Kind::ListItem) && !a.quote) {
      while (true) {
        std::size_t j = i + 1;
        std::vector<std::size_t> skipped;
        while (j < blocks_.size() && (used[j] || skippable(blocks_[j]))) {
          if (!used[j] && blocks_[j].kind == Kind::Movable) skipped.push_back(j);
          ++j;
        }
        if (j >= blocks_.size()) break;
        const Block& c = blocks_[j];
        int a_last = a.last();
        bool ok = false;
        if (c.kind == Kind::Paragraph && !c.quote && !contains(spec_.no_join, a_last)) {
          if (contains(spec_.join, a_last)) {
            ok = true;
          } else if (spec_.join_mode == "lowercase") {
            ok = starts_lower(c.lines[0]);
          } else if (spec_.join_mode == "auto") {
            const std::string& last = a.lines.back();
            if (a.kind == Kind::ListItem) {
              std::string t = strip_tail(last);
              ok = starts_lower(c.lines[0]) && !t.empty() && t.back() != ';' && t.back() != ',';
            } else {
              ok = !terminal(last) || starts_lower(c.lines[0]);
            }
          }
        }
        if (!ok) break;
        log_.joins.push_back({a_last, c.first()});
        a.lines.back() = trim(a.lines.back());
        // Bold closed and reopened across the break ("**…post-conflict**" / "**states…**").
        std::string first = trim(c.lines[0]);
        if (ends_with(a.lines.back(), "**") && first.rfind("**", 0) == 0) {
          a.lines.back().resize(a.lines.back().size() - 2);
          a.lines.back() += " " + first.substr(2);
        } else {
          a.lines.back() += " " + first;
        }
        a.end_line = c.last();
        for (std::size_t k = 1; k < c.lines.size(); ++k) {
          a.lines.push_back(c.lines[k]);
          a.src.push_back(c.src[k]);
        }
        used[j] = true;
        for (auto k : skipped) {
          used[k] = true;
          moved.push_back(k);
        }
      }
    }
    out.push_back(std::move(a));
    for (auto k : moved) out.push_back(blocks_[k]);
  }
  blocks_ = std::move(out);
}

std::string TextImporter::emit() {
  // Explicit anchors: manifest list, and the pp/op scheme of a UN resolution.
  std::map<int, std::string> anchors;
  for (const auto& a : spec_.anchors) anchors[a.line] = a.id;
  if (spec_.resolution_anchors) {
    static const std::regex op(R"(^([0-9]{1,2})\. )");
    static const std::regex sub(R"(^\(([a-z])\) )");
    static const std::regex pre(R"(^\*?[A-Z][a-z]+)");
    int pp = 0, last_op = 0;
    bool started = false;
    for (const auto& b : blocks_) {
      if (b.kind != Kind::Paragraph && b.kind != Kind::ListItem) continue;
      const std::string& s = b.lines[0];
      std::smatch m;
      if (!started) {
        if (trim(s) == "The Security Council,") started = true;
        continue;
      }
      if (std::regex_search(s, m, op)) {
        last_op = std::stoi(m[1].str());
        anchors[b.first()] = "op-" + std::to_string(last_op);
      } else if (std::regex_search(s, m, sub) && last_op) {
        anchors[b.first()] = "op-" + std::to_string(last_op) + "-" + m[1].str();
      } else if (!last_op && std::regex_search(s, m, pre)) {
        anchors[b.first()] = "pp-" + std::to_string(++pp);
      }
    }
  }

  std::ostringstream body;
  auto block_has_line = [](const Block& b, int line) {
    if (b.src.empty()) return false;
    return line >= b.first() && line <= b.last();
  };
  auto editor_note = [](const std::string& text) {
    std::string out = "> [!EDITOR-NOTE]";
    std::istringstream in(text);
    std::string l;
    while (std::getline(in, l)) out += "\n> " + l;
    return out;
  };

  std::vector<std::string> chunks;     // blocks of Markdown
  std::vector<bool> chunk_is_item;     // list items are written without a blank between them
  auto push = [&](std::string md, bool item) {
    chunks.push_back(std::move(md));
    chunk_is_item.push_back(item);
  };

  for (const auto& an : spec_.attached_notes) {
    std::string line = line_text(an.line);
    std::vector<int> nums;
    for (std::size_t i = 0; i < line.size();) {
      if (auto m = marker_at(line, i)) {
        nums.push_back(m->value);
        i += m->length;
      } else {
        ++i;
      }
    }
    if (nums.empty()) {
      sink_.error(path_, an.line, 0, "attached-note", "attached_notes line carries no note marker");
      continue;
    }
    for (int num : nums) {
      refs_.push_back({num, an.line});
      push(editor_note("In the source, note " + std::to_string(num) + " is attached to " + an.where +
                       ".[^" + std::to_string(num) + "]"),
           false);
    }
  }

  std::vector<bool> placed(spec_.editor_notes.size(), false);
  for (const auto& b : blocks_) {
    for (std::size_t k = 0; k < spec_.editor_notes.size(); ++k) {
      const auto& en = spec_.editor_notes[k];
      if (en.before && en.before == b.first()) {
        push(editor_note(en.text), false);
        placed[k] = true;
      }
    }
    std::vector<int> refs;
    std::string md;
    bool item = false;
    switch (b.kind) {
      case Kind::NoteDef:
      case Kind::Rule:
        break;
      case Kind::Heading: {
        std::string text = b.lines[0];
        if (b.from_markdown_heading) text = std::regex_replace(text, std::regex("^#+ +"), "");
        md = std::string(b.level, '#') + " " + convert_inline(trim(text), &refs);
        break;
      }
      case Kind::Table: {
        auto header = spec_.table_headers.find(b.first());
        md = md_table(b, contains(spec_.headerless_tables, b.first()),
                      header == spec_.table_headers.end() ? nullptr : &header->second, &refs);
        break;
      }
      case Kind::ListItem:
      case Kind::Paragraph:
      case Kind::Movable: {
        for (std::size_t k = 0; k < b.lines.size(); ++k) {
          std::string raw = b.lines[k];
          bool hard_break = raw.size() >= 2 && ends_with(raw, "  ") && k + 1 < b.lines.size();
          std::string line = k == 0 && b.kind == Kind::ListItem ? raw : trim(raw);
          while (!line.empty() && line.back() == ' ') line.pop_back();
          std::string conv = convert_inline(line, &refs);
          if (k == 0) conv = b.kind == Kind::ListItem ? escape_list_item(conv) : escape_block_start(conv);
          else conv = escape_block_start(conv);
          if (hard_break) conv += "\\";
          if (k) md += "\n";
          md += conv;
        }
        item = b.kind == Kind::ListItem;
        break;
      }
    }
    for (int r : refs) refs_.push_back({r, b.first()});
    if (md.empty()) continue;
    auto an = anchors.find(b.first());
    if (an != anchors.end()) md += " {#" + an->second + "}";
    if (b.quote) {
      std::string q;
      std::istringstream in(md);
      std::string l;
      bool firstl = true;
      while (std::getline(in, l)) {
        if (!firstl) q += "\n";
        q += "> " + l;
        firstl = false;
      }
      md = q;
    }
    push(md, item);
    for (std::size_t k = 0; k < spec_.editor_notes.size(); ++k) {
      const auto& en = spec_.editor_notes[k];
      if (en.after && !placed[k] && block_has_line(b, en.after)) {
        push(editor_note(en.text), false);
        placed[k] = true;
      }
    }
  }
  for (std::size_t k = 0; k < spec_.editor_notes.size(); ++k)
    if (!placed[k])
      sink_.error(path_, spec_.editor_notes[k].before ? spec_.editor_notes[k].before : spec_.editor_notes[k].after, 0,
                  "editor-note", "editor's note not placed: no body block starts at or contains this line");

  for (std::size_t i = 0; i < chunks.size(); ++i) {
    if (i) body << ((chunk_is_item[i] && chunk_is_item[i - 1]) ? "\n" : "\n\n");
    body << chunks[i];
  }

  // Footnotes: check references against definitions, then write the definitions.
  std::set<int> referenced;
  int expect = 1;
  for (const auto& [num, line] : refs_) {
    if (referenced.count(num))
      sink_.warning(path_, line, 0, "duplicate-ref", "note " + std::to_string(num) + " is referenced twice");
    else if (num != expect)
      sink_.warning(path_, line, 0, "ref-order",
                    "note reference " + std::to_string(num) + " where " + std::to_string(expect) + " was expected");
    referenced.insert(num);
    expect = num + 1;
  }
  std::map<int, std::string> defs;
  for (const auto& [num, note] : notes_) {
    if (!referenced.count(num))
      sink_.warning(path_, note.line, 0, "note-without-ref",
                    "note " + std::to_string(num) + " has no reference in the text");
    defs[num] = note.text;
  }
  for (const auto& [num, line] : refs_) {
    if (defs.count(num)) continue;
    auto known = spec_.missing_notes.find(num);
    if (known != spec_.missing_notes.end()) {
      defs[num] = known->second;
    } else {
      sink_.warning(path_, line, 0, "ref-without-note",
                    "note " + std::to_string(num) + " is referenced but the source has no text for it");
      defs[num] = "*(The source gives no text for this note.)*";
    }
  }
  for (const auto& [num, text] : spec_.missing_notes)
    if (notes_.count(num))
      sink_.warning(path_, notes_[num].line, 0, "note-not-missing",
                    "manifest lists note " + std::to_string(num) + " as missing, but the source has it");
  if (spec_.expected_notes >= 0 && static_cast<int>(notes_.size()) + static_cast<int>(spec_.missing_notes.size()) !=
                                       spec_.expected_notes)
    sink_.error(path_, spec_.lines.first, 0, "note-count",
                "expected " + std::to_string(spec_.expected_notes) + " notes, found " +
                    std::to_string(notes_.size()) + " (+" + std::to_string(spec_.missing_notes.size()) +
                    " known missing)");
  if (!defs.empty()) {
    body << "\n";
    for (const auto& [num, text] : defs) {
      body << "\n[^" << num << "]: " << escape_block_start(text);
      auto en = spec_.note_editor_notes.find(num);
      if (en == spec_.note_editor_notes.end()) continue;
      // An indented block quote belongs to the definition; the blank line after it ends it.
      std::string note = editor_note(en->second);
      std::string indented = "\n\n    ";
      for (char ch : note) indented += ch == '\n' ? std::string("\n    ") : std::string(1, ch);
      body << indented << "\n";
    }
    for (const auto& [num, text] : spec_.note_editor_notes)
      if (!defs.count(num))
        sink_.error(path_, spec_.lines.first, 0, "editor-note",
                    "editor's note for note " + std::to_string(num) + ", which does not exist");
  }
  body << "\n";
  return body.str();
}

std::string TextImporter::run() {
  build_blocks();
  if (spec_.note_layout == NoteLayout::Endnotes) parse_endnotes();
  classify();
  join();
  std::string body = emit();

  std::ostringstream out;
  out << "---\n";
  bool has_title = false;
  for (const auto& f : spec_.front) {
    if (f.key == "title") has_title = true;
    if (f.key == "order") {
      out << f.key << ": " << f.yaml_value << "\n";
      out << "source: " << yaml_quote(manifest_.source) << "\n";
      out << "source_lines: [" << spec_.lines.first << ", " << spec_.lines.second << "]\n";
      continue;
    }
    out << f.key << ": " << f.yaml_value << "\n";
  }
  if (!std::any_of(spec_.front.begin(), spec_.front.end(), [](const FrontField& f) { return f.key == "order"; })) {
    out << "source: " << yaml_quote(manifest_.source) << "\n";
    out << "source_lines: [" << spec_.lines.first << ", " << spec_.lines.second << "]\n";
  }
  if (!has_title) sink_.error(path_, 0, 0, "manifest", "text '" + spec_.id + "' has no title");
  if (!spec_.editions.empty()) {
    out << "editions:\n";
    for (const auto& e : spec_.editions)
      out << "  - source: " << yaml_quote(e.source) << "\n    note: " << yaml_quote(e.note) << "\n";
  }
  out << "---\n\n" << body;
  return out.str();
}

}  // namespace

std::string convert_inline(const std::string& s, std::vector<int>* refs) {
  std::string out;
  out.reserve(s.size() + 16);
  for (std::size_t i = 0; i < s.size();) {
    if (auto m = marker_at(s, i)) {
      // "Operations ¹⁰" in table cells: the space is extraction noise.
      if (!out.empty() && out.back() == ' ') out.pop_back();
      out += "[^" + std::to_string(m->value) + "]";
      if (refs) refs->push_back(m->value);
      i += m->length;
      continue;
    }
    char c = s[i];
    if (c == '<') {
      static const std::pair<std::string_view, std::string_view> tags[] = {
          {"<i>", "*"}, {"</i>", "*"}, {"<b>", "**"}, {"</b>", "**"}, {"<em>", "*"}, {"</em>", "*"},
          {"<br>", "<br>"}};  // a line break inside a table cell (a manifest fix writes it)
      bool done = false;
      for (const auto& [tag, md] : tags) {
        if (s.compare(i, tag.size(), tag) == 0) {
          out += md;
          i += tag.size();
          done = true;
          break;
        }
      }
      if (done) continue;
      // Autolinks stay; anything else would be raw HTML, which the renderer drops.
      static const std::regex autolink(R"(^<(https?://|www\.|mailto:)[^<>\s]*>)");
      std::smatch am;
      std::string rest = s.substr(i, 400);
      if (std::regex_search(rest, am, autolink)) {
        out += am[0].str();
        i += am[0].length();
        continue;
      }
      out += "\\<";
      ++i;
      continue;
    }
    if (c == '[' && (out.empty() || out.back() != '\\')) {
      out += "\\[";
      ++i;
      continue;
    }
    out += c;
    ++i;
  }
  return out;
}

ImportResult import_source(const std::string& source_text, const Manifest& manifest, diag::Sink& sink,
                           const std::string& source_path) {
  ImportResult result;
  std::vector<std::string> lines = util::split_lines(source_text);
  std::string path = source_path.empty() ? manifest.source : source_path;
  int nlines = static_cast<int>(lines.size());
  for (const auto& spec : manifest.texts) {
    bool ok = true;
    for (auto r : {spec.lines, spec.body, spec.notes}) {
      if (r.second > nlines) {
        sink.error(path, r.second, 0, "line-range",
                   "text '" + spec.id + "': line " + std::to_string(r.second) + " is past the end of the source (" +
                       std::to_string(nlines) + " lines)");
        ok = false;
      }
    }
    if (!ok) continue;
    TextImporter ti(lines, manifest, spec, sink, path, result.log);
    result.files.push_back({spec.id + ".md", ti.run()});
  }
  return result;
}

}  // namespace kb::importer
