// Reads import manifests (see import/README.md for the keys).
#include "importer/manifest.hpp"

#include "content/load.hpp"
#include "util/yaml_file.hpp"
#include "util/yaml_tree.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <regex>
#include <sstream>
#include <string_view>

namespace kb::importer {

namespace {

using util::yaml::Node;

// A whole number as manifests write line numbers and counts: decimal, perhaps negative.
std::optional<int> to_int(const Node& n) {
  if (!n.is_scalar()) return std::nullopt;
  int value = 0;
  const char* end = n.text.data() + n.text.size();
  const auto [stop, ec] = std::from_chars(n.text.data(), end, value);
  if (ec != std::errc() || stop != end) return std::nullopt;
  return value;
}

struct Ctx {
  const std::string& path;
  diag::Sink& sink;

  void error(const Node& n, const std::string& msg) {
    sink.error(path, n.mark.line + 1, n.mark.column + 1, "manifest", msg);
  }

  // A value that must be a whole number, text or true/false; anything else is reported (so the
  // manifest is refused) and reads as `fallback`, "" or false.
  int number(const Node& n, int fallback = 0) {
    if (const auto value = to_int(n)) return *value;
    error(n, "expected a whole number");
    return fallback;
  }
  std::string text_of(const Node& n) {
    if (n.is_scalar()) return n.text;
    error(n, "expected text");
    return {};
  }
  bool flag(const Node& n) {
    if (n.is_scalar() && (n.text == "true" || n.text == "false")) return n.text == "true";
    error(n, "expected true or false");
    return false;
  }
  // The same for map[key], which must be there.
  int number(const Node& map, const char* key) {
    if (const Node* n = map.get(key)) return number(*n);
    error(map, std::string("missing '") + key + "'");
    return 0;
  }
  std::string text_of(const Node& map, const char* key) {
    if (const Node* n = map.get(key)) return text_of(*n);
    error(map, std::string("missing '") + key + "'");
    return {};
  }

  // The items of the list `n`, or the entries of the map `n`: none when it is missing or null;
  // anything else is reported.
  const std::vector<const Node*>& items(const Node* n) {
    static const std::vector<const Node*> none;
    if (n && n->is_list()) return n->items;
    if (n && !n->is_null()) error(*n, "expected a list");
    return none;
  }
  const std::vector<std::pair<const Node*, const Node*>>& entries(const Node* n) {
    static const std::vector<std::pair<const Node*, const Node*>> none;
    if (n && n->is_map()) return n->entries;
    if (n && !n->is_null()) error(*n, "expected a map");
    return none;
  }
};

std::string render_scalar(const Node& n) {
  const std::string& v = n.text;
  if (n.quoted) return yaml_quote(v);  // quoted in the manifest: keep it a string
  static const std::regex plain(R"(-?[0-9]+|null|true|false)");
  if (std::regex_match(v, plain)) return v;
  return yaml_quote(v);
}

std::string render_value(const Node& n) {
  if (n.is_list()) {
    std::string out = "[";
    for (std::size_t i = 0; i < n.items.size(); ++i) {
      if (i) out += ", ";
      out += render_value(*n.items[i]);
    }
    return out + "]";
  }
  if (n.is_null()) return "null";
  return render_scalar(n);
}

bool read_range(Ctx& c, const Node& n, LineRange& out) {
  if (!n.is_list() || n.items.size() != 2) {
    c.error(n, "expected a line range [first, last]");
    return false;
  }
  const auto first = to_int(*n.items[0]);
  const auto last = to_int(*n.items[1]);
  if (!first || !last) {
    c.error(n, "line range must hold two numbers");
    return false;
  }
  out = {*first, *last};
  if (out.first > out.second) c.error(n, "line range runs backwards");
  return true;
}

void read_ranges(Ctx& c, const Node* n, std::vector<LineRange>& out) {
  if (!n) return;
  if (!n->is_list()) return c.error(*n, "expected a list of line ranges");
  for (const Node* r : n->items) {
    if (r->is_scalar()) {  // a single line
      int l = c.number(*r);
      out.push_back({l, l});
      continue;
    }
    LineRange lr;
    if (read_range(c, *r, lr)) out.push_back(lr);
  }
}

void read_ints(Ctx& c, const Node* n, std::vector<int>& out) {
  if (!n) return;
  if (!n->is_list()) return c.error(*n, "expected a list of line numbers");
  for (const Node* v : n->items) {
    if (const auto line = to_int(*v)) out.push_back(*line);
    else c.error(*v, "expected a line number");
  }
}

NoteLayout parse_layout(Ctx& c, const Node& n) {
  const std::string s = n.is_scalar() ? n.text : "";
  if (s == "endnotes") return NoteLayout::Endnotes;
  if (s == "page-bottom") return NoteLayout::PageBottom;
  if (s == "rule") return NoteLayout::Rule;
  if (s == "none") return NoteLayout::None;
  c.error(n, "unknown note layout '" + s + "' (endnotes, page-bottom, rule or none)");
  return NoteLayout::None;
}

void read_text(Ctx& c, const Node& t, const Node* defaults, TextSpec& spec) {
  const Node* id = t.get("id");
  spec.id = id && id->is_scalar() ? id->text : "";
  // The id names the file written under --out: the rule of content ids keeps it there.
  if (spec.id.empty()) c.error(t, "text without an id");
  else if (std::string problem = content::id_problem(spec.id); !problem.empty())
    c.error(*id, "invalid text id '" + spec.id + "': " + problem);
  static const std::vector<std::string> order = {"title",   "authors", "year",  "publisher",
                                                  "collection", "part", "chapter", "pages",
                                                  "order"};
  std::map<std::string, std::string> fields;
  std::vector<std::string> extra;
  auto take = [&](const Node* m) {
    if (!m) return;
    if (!m->is_map()) return c.error(*m, "front must be a map");
    for (const auto& [key, value] : m->entries) {
      std::string k = c.text_of(*key);
      if (!fields.count(k) &&
          std::find(order.begin(), order.end(), k) == order.end())
        extra.push_back(k);
      fields[k] = render_value(*value);
    }
  };
  take(defaults);
  take(t.get("front"));
  for (const auto& k : order)
    if (fields.count(k)) spec.front.push_back({k, fields[k]});
  for (const auto& k : extra) spec.front.push_back({k, fields[k]});

  if (const Node* lines = t.get("lines")) read_range(c, *lines, spec.lines);
  else c.error(t, "text '" + spec.id + "' has no lines: [first, last]");
  spec.body = spec.lines;
  if (const Node* body = t.get("body")) read_range(c, *body, spec.body);

  if (const Node* n = t.get("notes")) {
    if (!n->is_map() && !n->is_null()) c.error(*n, "notes must be a map");
    if (const Node* layout = n->get("layout")) spec.note_layout = parse_layout(c, *layout);
    if (const Node* lines = n->get("lines")) read_range(c, *lines, spec.notes);
    if (const Node* count = n->get("count")) spec.expected_notes = c.number(*count);
    for (const auto& [note, text] : c.entries(n->get("missing")))
      spec.missing_notes[c.number(*note)] = c.text_of(*text);
    if (spec.note_layout == NoteLayout::Endnotes && spec.notes.first == 0)
      c.error(*n, "endnotes need lines: [first, last]");
  }
  for (const Node* e : c.items(t.get("attached_notes")))
    spec.attached_notes.push_back({c.number(*e, "line"), c.text_of(*e, "where")});
  for (const Node* e : c.items(t.get("headings"))) {
    HeadingRule r;
    if (const Node* line = e->get("line")) r.line = c.number(*line);
    if (const Node* text = e->get("text")) r.text = c.text_of(*text);
    if (const Node* level = e->get("level")) r.level = c.number(*level, r.level);
    if (r.level < 2 || r.level > 6) c.error(*e, "heading level must be 2 to 6 (the title is level 1)");
    if (!r.line && r.text.empty()) c.error(*e, "heading rule needs line or text");
    spec.headings.push_back(r);
  }
  if (const Node* v = t.get("default_heading_level")) spec.default_heading_level = c.number(*v);
  if (const Node* v = t.get("detect_headings")) spec.detect_headings = c.flag(*v);
  read_ints(c, t.get("not_headings"), spec.not_headings);
  read_ranges(c, t.get("exclude"), spec.exclude);
  if (const Node* v = t.get("join_mode")) {
    spec.join_mode = v->is_scalar() ? v->text : "";
    if (spec.join_mode != "auto" && spec.join_mode != "lowercase" && spec.join_mode != "none")
      c.error(*v, "join_mode must be auto, lowercase or none");
  }
  read_ints(c, t.get("join"), spec.join);
  read_ints(c, t.get("no_join"), spec.no_join);
  read_ints(c, t.get("blockquotes"), spec.blockquotes);
  if (const Node* v = t.get("auto_blockquotes")) spec.auto_blockquotes = c.flag(*v);
  read_ints(c, t.get("not_blockquotes"), spec.not_blockquotes);
  read_ranges(c, t.get("movable"), spec.movable);
  read_ints(c, t.get("headerless_tables"), spec.headerless_tables);
  for (const Node* e : c.items(t.get("table_headers"))) {
    const Node* line = e->get("line");
    const Node* cells = e->get("cells");
    if (!line || !cells || !cells->is_list()) {
      c.error(*e, "a table header needs 'line' (the table's first line) and 'cells' (a list)");
      continue;
    }
    std::vector<std::string> texts;
    for (const Node* cell : cells->items) texts.push_back(c.text_of(*cell));
    spec.table_headers[c.number(*line)] = std::move(texts);
  }
  for (const Node* e : c.items(t.get("fixes"))) {
    const Node* from = e->get("from");
    const Node* to = e->get("to");
    Fix fx{c.number(*e, "line"), from ? c.text_of(*from) : std::string(), to ? c.text_of(*to) : std::string()};
    if (fx.from.empty()) c.error(*e, "fix needs a non-empty 'from'");
    spec.fixes.push_back(fx);
  }
  for (const Node* e : c.items(t.get("editor_notes"))) {
    EditorNote note;
    if (const Node* after = e->get("after")) note.after = c.number(*after);
    if (const Node* before = e->get("before")) note.before = c.number(*before);
    note.text = c.text_of(*e, "text");
    if (!note.after && !note.before) c.error(*e, "editor note needs 'after' or 'before'");
    spec.editor_notes.push_back(note);
  }
  for (const Node* e : c.items(t.get("note_editor_notes")))
    spec.note_editor_notes[c.number(*e, "note")] = c.text_of(*e, "text");
  for (const Node* e : c.items(t.get("anchors"))) spec.anchors.push_back({c.number(*e, "line"), c.text_of(*e, "id")});
  if (const Node* v = t.get("resolution_anchors")) spec.resolution_anchors = c.flag(*v);
  for (const Node* e : c.items(t.get("editions")))
    spec.editions.push_back({c.text_of(*e, "source"), c.text_of(*e, "note")});
}

}  // namespace

std::string yaml_quote(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    if (ch == '\n') {
      out += "\\n";
      continue;
    }
    out += ch;
  }
  return out + "\"";
}

std::optional<Manifest> parse_manifest(const std::string& yaml_text, const std::string& path,
                                       diag::Sink& sink) {
  Ctx c{path, sink};
  util::yaml::Document doc;
  if (util::yaml::Error error; !util::yaml::parse(yaml_text, doc, error)) {
    sink.error(path, error.mark.line + 1, error.mark.column + 1, "manifest", error.describe(1));
    return std::nullopt;
  }
  if (!util::check_yaml_strings(*doc.root, path, 1, sink)) return std::nullopt;  // control characters, alias bombs
  const Node& root = *doc.root;
  if (!root.is_map()) {
    sink.error(path, 1, 1, "manifest", "a manifest is a YAML map");
    return std::nullopt;
  }
  int before = sink.error_count();
  Manifest m;
  const Node* source = root.get("source");
  m.source = source && source->is_scalar() ? source->text : "";
  if (m.source.empty()) c.error(root, "manifest has no 'source' (the seed file name)");
  read_ranges(c, root.get("exclude"), m.exclude);
  if (const Node* v = root.get("edition_of")) m.edition_of = c.text_of(*v);
  if (const Node* v = root.get("edition_body")) read_range(c, *v, m.edition_body);
  if (const Node* v = root.get("edition_notes")) read_range(c, *v, m.edition_notes);
  for (const Node* e : c.items(root.get("differences")))
    m.differences.push_back({c.text_of(*e, "edition"), c.text_of(*e, "canonical")});
  std::map<std::string, int> seen;  // id → line of its first text
  for (const Node* t : c.items(root.get("texts"))) {
    TextSpec spec;
    read_text(c, *t, root.get("defaults"), spec);
    if (!spec.id.empty()) {
      auto [first, fresh] = seen.emplace(spec.id, t->mark.line + 1);
      if (!fresh)
        c.error(*t->get("id"), "two texts with the id '" + spec.id + "' (the first at line " +
                                   std::to_string(first->second) + ") would be written to one file");
    }
    m.texts.push_back(std::move(spec));
  }
  if (sink.error_count() > before) return std::nullopt;
  return m;
}

std::optional<Manifest> load_manifest(const std::string& path, diag::Sink& sink) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    sink.error(path, 0, 0, "io", "cannot read manifest");
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return parse_manifest(ss.str(), path, sink);
}

}  // namespace kb::importer
