#include "schema/schema.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <optional>
#include <set>
#include <string_view>

#include "util/file.hpp"
#include "util/text.hpp"
#include "util/yaml_file.hpp"

namespace kb::schema {

namespace {

using util::yaml::Node;

// Kind names and folders: lowercase ASCII letters, digits and hyphens.
bool is_slug(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

const std::map<std::string, Type>& type_names() {
  static const std::map<std::string, Type> names = {
      {"string", Type::string}, {"year", Type::year},     {"number", Type::number}, {"url", Type::url},
      {"list", Type::list},
      {"ref", Type::ref},       {"refs", Type::refs},     {"source", Type::source},
      {"quote", Type::quote},   {"quotes", Type::quotes}, {"data", Type::data}};
  return names;
}

// Pages of the kind quote a passage of a text (a field of type quote).
bool has_quote(const Kind& k) {
  return std::any_of(k.fields.begin(), k.fields.end(), [](const Field& f) { return f.type == Type::quote; });
}

// The value of `key` in `map`, or nullptr when there is no map or no such key.
const Node* child(const Node* map, const char* key) { return map ? map->get(key) : nullptr; }

// A number as YAML writes one (3, 1.5, -2, +2, 1e3).
std::optional<double> to_number(std::string_view text) {
  if (text.size() > 1 && text[0] == '+' && text[1] != '-') text.remove_prefix(1);
  double value = 0;
  const char* end = text.data() + text.size();
  const auto [stop, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || stop != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

// Reads one schema file, reporting each mistake at its place and going on with the rest.
class Reader {
 public:
  Reader(std::string path, diag::Sink& sink) : path_(std::move(path)), sink_(sink) {}

  // At `at`, or at the file's start when there is no node to point at.
  void error(const Node* at, const std::string& message) {
    sink_.error(path_, at ? at->mark.line + 1 : 1, at ? at->mark.column + 1 : 1, "bad-schema", message);
  }
  void error(const Node& at, const std::string& message) { error(&at, message); }

  // At map[key] when the map has it, else at the map.
  void error_at(const Node* map, const char* key, const std::string& message) {
    const Node* n = child(map, key);
    error(n ? n : map, message);
  }

  // The keys of `map` must be among `known`.
  void check_keys(const Node& map, std::initializer_list<const char*> known, const std::string& what) {
    std::vector<std::string> names(known.begin(), known.end());
    for (const auto& [key_node, value] : map.entries) {
      const std::string& key = key_node->text;
      if (std::find(names.begin(), names.end(), key) != names.end()) continue;
      const std::string hint = util::closest(key, names);
      error(*key_node, "unknown key '" + key + "' in " + what + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    }
  }

  std::string text(const Node& map, const char* key, bool required, const std::string& what) {
    const Node* n = map.get(key);
    if (!n || n->is_null()) {
      if (required) error(map, what + " needs '" + key + "'");
      return {};
    }
    if (!n->is_scalar()) {
      error(*n, std::string("'") + key + "' in " + what + " must be a single value");
      return {};
    }
    return n->text;
  }

  bool flag(const Node& map, const char* key, bool fallback, const std::string& what) {
    const Node* n = map.get(key);
    if (!n) return fallback;
    if (n->is_scalar() && (n->text == "true" || n->text == "false")) return n->text == "true";
    error(*n, std::string("'") + key + "' in " + what + " must be true or false");
    return fallback;
  }

  double number(const Node& map, const char* key, double fallback, const std::string& what) {
    const Node* n = map.get(key);
    if (!n) return fallback;
    if (n->is_scalar())
      if (const auto value = to_number(n->text)) return *value;
    error(*n, std::string("'") + key + "' in " + what + " must be a number");
    return fallback;
  }

  Field field(const std::string& name, const Node& n, const std::string& kind) {
    Field f;
    f.name = name;
    const std::string what = "field '" + name + "' of " + kind;
    const Node* type_node = n.is_map() ? n.get("type") : &n;
    if (n.is_map()) {
      check_keys(n, {"type", "to", "source", "acyclic", "values", "evidence"}, what);
      if (!type_node) {
        error(n, what + " needs 'type'");
        return f;
      }
      f.to = text(n, "to", false, what);
      f.source = text(n, "source", false, what);
      f.acyclic = flag(n, "acyclic", false, what);
      // evidence: true, or {editorial: REASON} for what no passage names.
      if (const Node* ev = n.get("evidence")) {
        if (ev->is_map()) {
          check_keys(*ev, {"editorial", "shared_passage"}, what + " evidence");
          f.evidence = true;
          f.editorial = text(*ev, "editorial", false, what + " evidence");
          f.shared_passage = flag(*ev, "shared_passage", false, what + " evidence");
        } else {
          f.evidence = flag(n, "evidence", false, what);
        }
      }
      if (const Node* values = n.get("values")) {
        if (!values->is_map()) error(*values, "'values' in " + what + " must map values to what they read");
        else
          for (const auto& [key, value] : values->entries) f.values[key->text] = value->is_scalar() ? value->text : "";
      }
    }
    if (!type_node->is_scalar() || !type_names().count(type_node->text)) {
      error(type_node, what + ": unknown type" + (type_node->is_scalar() ? " '" + type_node->text + "'" : "") +
                           " (string, year, url, list, ref, refs, source, quote, quotes or data)");
      return f;
    }
    f.type = type_names().at(type_node->text);
    if ((f.type == Type::ref || f.type == Type::refs) && f.to.empty()) error(n, what + " is a reference and needs 'to: KIND'");
    if (f.evidence && f.type != Type::ref && f.type != Type::refs && f.type != Type::string && f.type != Type::year)
      error(n, what + ": only references and single values (string, year) carry evidence");
    if (f.type == Type::quote && f.source.empty()) error(n, what + " is a quote and needs 'source: FIELD'");
    return f;
  }

  Fact fact(const Node& n, const std::string& what) {
    Fact f;
    if (!n.is_map()) {
      error(n, what + ": each fact is {label, field}");
      return f;
    }
    check_keys(n, {"label", "field", "until", "reverse"}, what);
    f.label = text(n, "label", true, what);
    f.field = text(n, "field", true, what);
    f.until = text(n, "until", false, what);
    f.reverse = text(n, "reverse", false, what);
    return f;
  }

  Section section(const Node& n, const std::string& what) {
    Section s;
    if (!n.is_map()) {
      error(n, what + ": each section is {title, id, incoming|outgoing|matrix, ...}");
      return s;
    }
    check_keys(n, {"title", "id", "incoming", "outgoing", "matrix", "nearby", "field", "sort", "timeline", "summaries", "quotes",
                   "limit", "quote_names"},
               what);
    s.title = text(n, "title", true, what);
    s.id = text(n, "id", true, what);
    const int sources = (n.get("incoming") ? 1 : 0) + (n.get("outgoing") ? 1 : 0) + (n.get("matrix") ? 1 : 0) +
                        (n.get("nearby") ? 1 : 0);
    if (sources != 1) {
      error(n, "section '" + s.title + "' in " + what +
                   " needs exactly one of 'incoming: KIND', 'outgoing: FIELD', 'matrix: rows', 'nearby: [KIND, ...]'");
      s.from = Section::From::none;
    }
    if (sources != 1) {
    } else if (n.get("incoming")) {
      s.from = Section::From::incoming;
      s.kind = text(n, "incoming", true, what);
      s.field = text(n, "field", true, what);
    } else if (n.get("outgoing")) {
      s.from = Section::From::outgoing;
      s.field = text(n, "outgoing", true, what);
    } else if (n.get("matrix")) {
      s.from = Section::From::matrix;
      if (text(n, "matrix", true, what) != "rows") error_at(&n, "matrix", what + ": 'matrix' takes the value 'rows'");
    } else if (const Node* nearby = n.get("nearby")) {
      s.from = Section::From::nearby;
      if (!nearby->is_list()) error(*nearby, what + ": 'nearby' takes a list of kinds");
      else
        for (const Node* k : nearby->items)
          if (k->is_scalar()) s.nearby.push_back(k->text);
    }
    s.quote_names = flag(n, "quote_names", false, what);
    s.sort = text(n, "sort", false, what);
    s.timeline = text(n, "timeline", false, what);
    s.summaries = flag(n, "summaries", true, what);
    s.quotes = text(n, "quotes", false, what);
    s.limit = static_cast<int>(number(n, "limit", 0, what));
    return s;
  }

  Column column(const Node& n, const std::string& what) {
    Column c;
    if (!n.is_map()) {
      error(n, what + ": each column is {label, field} or {label, value: passages|source}");
      return c;
    }
    check_keys(n, {"label", "field", "value", "link", "numeric"}, what);
    c.label = text(n, "label", true, what);
    if (n.get("value")) {
      const std::string v = text(n, "value", true, what);
      if (v == "passages") c.value = Column::Value::passages, c.numeric = true;
      else if (v == "source") c.value = Column::Value::source;
      else error_at(&n, "value", what + ": 'value' is 'passages' or 'source', not '" + v + "'");
    } else {
      c.field = text(n, "field", true, what);
    }
    c.link = flag(n, "link", false, what);
    c.numeric = flag(n, "numeric", c.numeric, what);
    return c;
  }

  Mentions mentions(const Node& n, const std::string& what) {
    Mentions m;
    if (!n.is_map()) {
      error(n, what + ": 'mentions' is {by: name|keyword|resolution|symbol, field, year}");
      return m;
    }
    check_keys(n, {"by", "field", "year"}, what);
    const std::string by = text(n, "by", true, what);
    if (by == "name") m.by = Mentions::By::name;
    else if (by == "keyword") m.by = Mentions::By::keyword;
    else if (by == "resolution") m.by = Mentions::By::resolution;
    else if (by == "symbol") m.by = Mentions::By::symbol;
    else if (!by.empty()) error_at(&n, "by", what + ": mentions 'by' is name, keyword, resolution or symbol, not '" + by + "'");
    m.field = text(n, "field", m.by == Mentions::By::resolution || m.by == Mentions::By::symbol, what);
    m.year = text(n, "year", m.by == Mentions::By::resolution, what);
    return m;
  }

  Kind kind(const std::string& name, const Node& n) {
    Kind k;
    k.name = name;
    const std::string what = "kind '" + name + "'";
    if (!n.is_map()) {
      error(n, what + " must be a mapping of its keys (folder, label, plural, role, fields, ...)");
      return k;
    }
    check_keys(n, {"folder", "label", "plural", "role", "template", "required", "fields", "short_title", "official_url",
                   "search_boost", "mentions", "facts", "sections", "columns"}, what);
    k.folder = text(n, "folder", true, what);
    k.label = text(n, "label", true, what);
    k.plural = text(n, "plural", true, what);
    const std::string role = text(n, "role", true, what);
    k.template_name = text(n, "template", false, what);
    if (role == "entity" || role == "text" || role == "collection") {
      k.role = role == "entity" ? Role::entity : role == "text" ? Role::text : Role::collection;
      if (k.template_name.empty()) k.template_name = role;
    } else if (!role.empty()) {
      error_at(&n, "role", what + ": role is entity, text or collection, not '" + role + "'");
    }
    if (const Node* req = n.get("required")) {
      if (!req->is_list()) error(*req, "'required' in " + what + " must be a list of fields");
      else
        for (const Node* r : req->items) k.required.push_back(r->is_scalar() ? r->text : "");
    }
    if (const Node* fields = n.get("fields")) {
      if (!fields->is_map()) error(*fields, "'fields' in " + what + " must map each field to its type");
      else
        for (const auto& [key, value] : fields->entries) k.fields.push_back(field(key->text, *value, name));
    }
    k.short_title = text(n, "short_title", false, what);
    k.official_url = text(n, "official_url", false, what);
    k.search_boost = number(n, "search_boost", 1.0, what);
    if (const Node* m = n.get("mentions")) k.mentions = mentions(*m, what);
    auto list = [&](const char* key, auto read) {
      const Node* items = n.get(key);
      if (!items) return;
      if (!items->is_list()) {
        error(*items, std::string("'") + key + "' in " + what + " must be a list");
        return;
      }
      for (const Node* item : items->items) read(*item, std::string(key) + " of " + what);
    };
    list("facts", [&](const Node& item, const std::string& w) { k.facts.push_back(fact(item, w)); });
    list("sections", [&](const Node& item, const std::string& w) { k.sections.push_back(section(item, w)); });
    list("columns", [&](const Node& item, const std::string& w) { k.columns.push_back(column(item, w)); });
    nodes_[name] = &n;
    return k;
  }

  // References between the parts: kinds, fields and relations named must exist.
  void check(Schema& s, const Node& root) {
    std::set<std::string> folders;
    for (const Kind& k : s.kinds) {
      const Node* n = nodes_[k.name];  // nullptr when the kind is not a mapping
      if (!folders.insert(k.folder).second) error_at(n, "folder", "two kinds use the folder '" + k.folder + "'");
      if (!k.folder.empty() && !is_slug(k.folder))
        error_at(n, "folder", "folder '" + k.folder + "' must be lowercase letters, digits and hyphens");
      auto has_field = [&](const std::string& f) {
        return k.field(f) || std::find(common_fields().begin(), common_fields().end(), f) != common_fields().end();
      };
      auto need_field = [&](const Node* at, const std::string& f, const std::string& what) {
        if (!f.empty() && !has_field(f)) error(at, what + " names '" + f + "', which is not a field of " + k.name);
      };
      for (const std::string& r : k.required) need_field(child(n, "required"), r, "'required' of kind '" + k.name + "'");
      for (const Field& f : k.fields) {
        if ((f.type == Type::ref || f.type == Type::refs) && !s.kind(f.to))
          error_at(child(n, "fields"), f.name.c_str(), "field '" + f.name + "' of " + k.name + " points to the unknown kind '" + f.to + "'");
        if (f.type == Type::quote && !f.source.empty() && (!k.field(f.source) || k.field(f.source)->type != Type::source))
          error_at(child(n, "fields"), f.name.c_str(), "field '" + f.name + "' of " + k.name + " needs 'source' to name a field of type source");
      }
      need_field(child(n, "short_title"), k.short_title, "'short_title' of kind '" + k.name + "'");
      need_field(child(n, "official_url"), k.official_url, "'official_url' of kind '" + k.name + "'");
      if (const Field* f = k.field(k.official_url); f && f->type != Type::url)
        error_at(n, "official_url", "'official_url' of kind '" + k.name + "' names '" + k.official_url +
                                        "', which must be of type url");
      need_field(child(n, "mentions"), k.mentions.field, "'mentions' of kind '" + k.name + "'");
      need_field(child(n, "mentions"), k.mentions.year, "'mentions' of kind '" + k.name + "'");
      for (const Fact& f : k.facts) {
        need_field(child(n, "facts"), f.field, "a fact of kind '" + k.name + "'");
        need_field(child(n, "facts"), f.until, "a fact of kind '" + k.name + "'");
      }
      for (const Column& c : k.columns) need_field(child(n, "columns"), c.field, "a column of kind '" + k.name + "'");
    }
    for (const Kind& k : s.kinds) {
      // Its sections as written (another kind of the same name may have written fewer).
      const Node* written = child(nodes_[k.name], "sections");
      for (std::size_t i = 0; i < k.sections.size(); ++i) {
        const Section& section = k.sections[i];
        const Node* n = written && i < written->items.size() ? written->items[i] : nullptr;
        if (section.from == Section::From::incoming) {
          const Kind* from = s.kind(section.kind);
          if (!from) error_at(n, "incoming", "section '" + section.title + "' lists the unknown kind '" + section.kind + "'");
          else if (!from->field(section.field))
            error_at(n, "field", "section '" + section.title + "': kind '" + section.kind + "' has no field '" + section.field + "'");
          else if (const Field* q = from->field(section.quotes); !section.quotes.empty() && (!q || q->type != Type::quotes))
            error_at(n, "quotes", "section '" + section.title + "': kind '" + section.kind + "' has no field '" + section.quotes +
                                      "' of type quotes");
          if (from && section.quote_names && !has_quote(*from))
            error_at(n, "quote_names", "section '" + section.title + "': kind '" + section.kind + "' has no field of type quote");
        } else if (section.from == Section::From::nearby) {
          for (const std::string& name : section.nearby) {
            const Kind* near = s.kind(name);
            if (!near) error_at(n, "nearby", "section '" + section.title + "' lists the unknown kind '" + name + "'");
            else if (!has_quote(*near))
              error_at(n, "nearby", "section '" + section.title + "': kind '" + name + "' has no field of type quote");
          }
          if (!has_quote(k)) error_at(n, "nearby", "section '" + section.title + "': kind '" + k.name + "' has no field of type quote");
        } else if (section.from == Section::From::outgoing && !k.field(section.field)) {
          error_at(n, "outgoing", "section '" + section.title + "': kind '" + k.name + "' has no field '" + section.field + "'");
        }
      }
    }
    if (const Node* m = root.get("matrix")) {
      if (!s.matrix.rows.empty() && !s.kind(s.matrix.rows)) error(*m, "the matrix's rows name the unknown kind '" + s.matrix.rows + "'");
      if (!s.matrix.columns.empty() && !s.kind(s.matrix.columns))
        error(*m, "the matrix's columns name the unknown kind '" + s.matrix.columns + "'");
    }
    if (!s.kinds.empty() && !s.by_role(Role::text)) error_at(&root, "kinds", "no kind has role 'text': the knowledge base needs its sources");
  }

 private:
  std::string path_;
  diag::Sink& sink_;
  std::map<std::string, const Node*> nodes_;  // each kind's definition, by name
};

}  // namespace

const Field* Kind::field(const std::string& name) const {
  for (const Field& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

const Field* Kind::field_of_type(Type type) const {
  for (const Field& f : fields)
    if (f.type == type) return &f;
  return nullptr;
}

const Kind* Schema::kind(const std::string& name) const {
  for (const Kind& k : kinds)
    if (k.name == name) return &k;
  return nullptr;
}

const Kind* Schema::by_folder(const std::string& folder) const {
  for (const Kind& k : kinds)
    if (k.folder == folder) return &k;
  return nullptr;
}

const Kind* Schema::by_role(Role role) const {
  for (const Kind& k : kinds)
    if (k.role == role) return &k;
  return nullptr;
}

std::vector<const Kind*> Schema::entities() const {
  std::vector<const Kind*> out;
  for (const Kind& k : kinds)
    if (k.role == Role::entity) out.push_back(&k);
  return out;
}

const Field* Schema::ref_to_role(const Kind& from, Role role) const {
  for (const Field& f : from.fields) {
    if (f.type != Type::ref) continue;
    if (const Kind* target = kind(f.to); target && target->role == role) return &f;
  }
  return nullptr;
}

const std::vector<std::string>& common_fields() {
  static const std::vector<std::string> fields = {"id", "title", "aliases", "summary"};
  return fields;
}

Schema parse_schema(const std::string& path, const std::string& text, diag::Sink& sink) {
  Schema s;
  s.text = text;
  const std::optional<util::yaml::Document> parsed = util::parse_yaml_file(path, text, sink);
  if (!parsed) return s;
  const Node& root = *parsed->root;
  Reader reader(path, sink);
  const Node* kinds = root.get("kinds");
  if (!kinds || !kinds->is_map()) {
    sink.error(path, 1, 1, "bad-schema", "the schema needs 'kinds:', a mapping of each kind's name to its definition");
    return s;
  }
  reader.check_keys(root, {"kinds", "matrix"}, "the schema");
  for (const auto& [key, value] : kinds->entries) {
    const std::string& name = key->text;
    if (!is_slug(name) || name == "page" || name == "home") {
      reader.error(*key, "kind name '" + name + "' must be lowercase letters, digits and hyphens, and not 'page' or 'home'");
      continue;
    }
    s.kinds.push_back(reader.kind(name, *value));
  }
  if (const Node* m = root.get("matrix")) {
    if (!m->is_map()) {
      reader.error(*m, "'matrix' is {rows: KIND, columns: KIND, title}");
    } else {
      reader.check_keys(*m, {"rows", "columns", "title"}, "the matrix");
      s.matrix.rows = reader.text(*m, "rows", true, "the matrix");
      s.matrix.columns = reader.text(*m, "columns", true, "the matrix");
      s.matrix.title = reader.text(*m, "title", true, "the matrix");
    }
  }
  reader.check(s, root);
  return s;
}

Schema load_schema(const std::string& root, diag::Sink& sink) {
  std::string text;
  if (!util::read_file(std::filesystem::path(root) / kSchemaPath, text)) {
    sink.error(kSchemaPath, 0, 0, "no-schema",
               "no schema: content/schema.yaml declares the kinds of page (see docs/schema.md)");
    return {};
  }
  return parse_schema(kSchemaPath, text, sink);
}

}  // namespace kb::schema
