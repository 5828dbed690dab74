// Reads import manifests (see import/README.md for the keys).
#include "importer/manifest.hpp"

#include "content/load.hpp"
#include "util/yaml_file.hpp"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <regex>
#include <sstream>

namespace kb::importer {

namespace {

struct Ctx {
  const std::string& path;
  diag::Sink& sink;
  void error(const YAML::Node& n, const std::string& msg) {
    int line = n.IsDefined() ? n.Mark().line + 1 : 0;
    int col = n.IsDefined() ? n.Mark().column + 1 : 0;
    sink.error(path, line, col, "manifest", msg);
  }
};

std::string render_scalar(const YAML::Node& n) {
  const std::string& v = n.Scalar();
  if (n.Tag() == "!") return yaml_quote(v);  // quoted in the manifest: keep it a string
  static const std::regex plain(R"(-?[0-9]+|null|true|false)");
  if (std::regex_match(v, plain)) return v;
  return yaml_quote(v);
}

std::string render_value(const YAML::Node& n) {
  if (n.IsSequence()) {
    std::string out = "[";
    for (std::size_t i = 0; i < n.size(); ++i) {
      if (i) out += ", ";
      out += render_value(n[i]);
    }
    return out + "]";
  }
  if (n.IsNull()) return "null";
  return render_scalar(n);
}

bool read_range(Ctx& c, const YAML::Node& n, LineRange& out) {
  if (!n.IsSequence() || n.size() != 2) {
    c.error(n, "expected a line range [first, last]");
    return false;
  }
  try {
    out = {n[0].as<int>(), n[1].as<int>()};
  } catch (const YAML::Exception&) {
    c.error(n, "line range must hold two numbers");
    return false;
  }
  if (out.first > out.second) c.error(n, "line range runs backwards");
  return true;
}

void read_ranges(Ctx& c, const YAML::Node& n, std::vector<LineRange>& out) {
  if (!n) return;
  if (!n.IsSequence()) return c.error(n, "expected a list of line ranges");
  for (const auto& r : n) {
    if (r.IsScalar()) {  // a single line
      int l = r.as<int>();
      out.push_back({l, l});
      continue;
    }
    LineRange lr;
    if (read_range(c, r, lr)) out.push_back(lr);
  }
}

void read_ints(Ctx& c, const YAML::Node& n, std::vector<int>& out) {
  if (!n) return;
  if (!n.IsSequence()) return c.error(n, "expected a list of line numbers");
  for (const auto& v : n) {
    try {
      out.push_back(v.as<int>());
    } catch (const YAML::Exception&) {
      c.error(v, "expected a line number");
    }
  }
}

NoteLayout parse_layout(Ctx& c, const YAML::Node& n) {
  std::string s = n.as<std::string>();
  if (s == "endnotes") return NoteLayout::Endnotes;
  if (s == "page-bottom") return NoteLayout::PageBottom;
  if (s == "rule") return NoteLayout::Rule;
  if (s == "none") return NoteLayout::None;
  c.error(n, "unknown note layout '" + s + "' (endnotes, page-bottom, rule or none)");
  return NoteLayout::None;
}

void read_text(Ctx& c, const YAML::Node& t, const YAML::Node& defaults, TextSpec& spec) {
  spec.id = t["id"] ? t["id"].as<std::string>() : "";
  // The id names the file written under --out: the rule of content ids keeps it there.
  if (spec.id.empty()) c.error(t, "text without an id");
  else if (std::string problem = content::id_problem(spec.id); !problem.empty())
    c.error(t["id"], "invalid text id '" + spec.id + "': " + problem);
  static const std::vector<std::string> order = {"title",   "authors", "year",  "publisher",
                                                  "collection", "part", "chapter", "pages",
                                                  "order"};
  std::map<std::string, std::string> fields;
  std::vector<std::string> extra;
  auto take = [&](const YAML::Node& m) {
    if (!m) return;
    if (!m.IsMap()) return c.error(m, "front must be a map");
    for (const auto& kv : m) {
      std::string k = kv.first.as<std::string>();
      if (!fields.count(k) &&
          std::find(order.begin(), order.end(), k) == order.end())
        extra.push_back(k);
      fields[k] = render_value(kv.second);
    }
  };
  take(defaults);
  take(t["front"]);
  for (const auto& k : order)
    if (fields.count(k)) spec.front.push_back({k, fields[k]});
  for (const auto& k : extra) spec.front.push_back({k, fields[k]});

  if (t["lines"]) read_range(c, t["lines"], spec.lines);
  else c.error(t, "text '" + spec.id + "' has no lines: [first, last]");
  spec.body = spec.lines;
  if (t["body"]) read_range(c, t["body"], spec.body);

  if (const auto n = t["notes"]) {
    if (n["layout"]) spec.note_layout = parse_layout(c, n["layout"]);
    if (n["lines"]) read_range(c, n["lines"], spec.notes);
    if (n["count"]) spec.expected_notes = n["count"].as<int>();
    if (const auto m = n["missing"]) {
      for (const auto& kv : m) spec.missing_notes[kv.first.as<int>()] = kv.second.as<std::string>();
    }
    if (spec.note_layout == NoteLayout::Endnotes && spec.notes.first == 0)
      c.error(n, "endnotes need lines: [first, last]");
  }
  if (const auto a = t["attached_notes"]) {
    for (const auto& e : a) spec.attached_notes.push_back({e["line"].as<int>(), e["where"].as<std::string>()});
  }
  if (const auto h = t["headings"]) {
    for (const auto& e : h) {
      HeadingRule r;
      if (e["line"]) r.line = e["line"].as<int>();
      if (e["text"]) r.text = e["text"].as<std::string>();
      r.level = e["level"] ? e["level"].as<int>() : 2;
      if (r.level < 2 || r.level > 6) c.error(e, "heading level must be 2 to 6 (the title is level 1)");
      if (!r.line && r.text.empty()) c.error(e, "heading rule needs line or text");
      spec.headings.push_back(r);
    }
  }
  if (t["default_heading_level"]) spec.default_heading_level = t["default_heading_level"].as<int>();
  if (t["detect_headings"]) spec.detect_headings = t["detect_headings"].as<bool>();
  read_ints(c, t["not_headings"], spec.not_headings);
  read_ranges(c, t["exclude"], spec.exclude);
  if (t["join_mode"]) {
    spec.join_mode = t["join_mode"].as<std::string>();
    if (spec.join_mode != "auto" && spec.join_mode != "lowercase" && spec.join_mode != "none")
      c.error(t["join_mode"], "join_mode must be auto, lowercase or none");
  }
  read_ints(c, t["join"], spec.join);
  read_ints(c, t["no_join"], spec.no_join);
  read_ints(c, t["blockquotes"], spec.blockquotes);
  if (t["auto_blockquotes"]) spec.auto_blockquotes = t["auto_blockquotes"].as<bool>();
  read_ints(c, t["not_blockquotes"], spec.not_blockquotes);
  read_ranges(c, t["movable"], spec.movable);
  read_ints(c, t["headerless_tables"], spec.headerless_tables);
  if (const auto th = t["table_headers"]) {
    for (const auto& e : th) {
      if (!e["line"] || !e["cells"] || !e["cells"].IsSequence()) {
        c.error(e, "a table header needs 'line' (the table's first line) and 'cells' (a list)");
        continue;
      }
      spec.table_headers[e["line"].as<int>()] = e["cells"].as<std::vector<std::string>>();
    }
  }
  if (const auto f = t["fixes"]) {
    for (const auto& e : f) {
      Fix fx{e["line"].as<int>(), e["from"].as<std::string>(),
             e["to"] ? e["to"].as<std::string>() : std::string()};
      if (fx.from.empty()) c.error(e, "fix needs a non-empty 'from'");
      spec.fixes.push_back(fx);
    }
  }
  if (const auto en = t["editor_notes"]) {
    for (const auto& e : en) {
      EditorNote note;
      if (e["after"]) note.after = e["after"].as<int>();
      if (e["before"]) note.before = e["before"].as<int>();
      note.text = e["text"].as<std::string>();
      if (!note.after && !note.before) c.error(e, "editor note needs 'after' or 'before'");
      spec.editor_notes.push_back(note);
    }
  }
  if (const auto nn = t["note_editor_notes"]) {
    for (const auto& e : nn) spec.note_editor_notes[e["note"].as<int>()] = e["text"].as<std::string>();
  }
  if (const auto an = t["anchors"]) {
    for (const auto& e : an) spec.anchors.push_back({e["line"].as<int>(), e["id"].as<std::string>()});
  }
  if (t["resolution_anchors"]) spec.resolution_anchors = t["resolution_anchors"].as<bool>();
  if (const auto ed = t["editions"]) {
    for (const auto& e : ed)
      spec.editions.push_back({e["source"].as<std::string>(), e["note"].as<std::string>()});
  }
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
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    sink.error(path, e.mark.line + 1, e.mark.column + 1, "manifest", e.msg);
    return std::nullopt;
  }
  if (!util::check_yaml_strings(root, path, 1, sink)) return std::nullopt;  // control characters, endless aliases
  if (!root.IsMap()) {
    sink.error(path, 1, 1, "manifest", "a manifest is a YAML map");
    return std::nullopt;
  }
  int before = sink.error_count();
  Manifest m;
  try {
    m.source = root["source"] ? root["source"].as<std::string>() : "";
    if (m.source.empty()) c.error(root, "manifest has no 'source' (the seed file name)");
    read_ranges(c, root["exclude"], m.exclude);
    if (root["edition_of"]) m.edition_of = root["edition_of"].as<std::string>();
    if (root["edition_body"]) read_range(c, root["edition_body"], m.edition_body);
    if (root["edition_notes"]) read_range(c, root["edition_notes"], m.edition_notes);
    if (const auto d = root["differences"]) {
      for (const auto& e : d)
        m.differences.push_back({e["edition"].as<std::string>(), e["canonical"].as<std::string>()});
    }
    if (const auto texts = root["texts"]) {
      std::map<std::string, int> seen;  // id → line of its first text
      for (const auto& t : texts) {
        TextSpec spec;
        read_text(c, t, root["defaults"], spec);
        if (!spec.id.empty()) {
          auto [first, fresh] = seen.emplace(spec.id, t.Mark().line + 1);
          if (!fresh)
            c.error(t["id"], "two texts with the id '" + spec.id + "' (the first at line " +
                                 std::to_string(first->second) + ") would be written to one file");
        }
        m.texts.push_back(std::move(spec));
      }
    }
  } catch (const YAML::Exception& e) {
    sink.error(path, e.mark.line + 1, e.mark.column + 1, "manifest", e.msg);
    return std::nullopt;
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
