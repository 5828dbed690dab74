#include "content/load.hpp"

#include <algorithm>
#include <atomic>
#include <ctime>
#include <filesystem>
#include <set>

#include <sys/stat.h>

#include "content/front_matter.hpp"
#include "markdown/sanitize.hpp"
#include "site/paths.hpp"
#include "util/file.hpp"
#include "util/parallel.hpp"
#include "util/text.hpp"
#include "util/yaml_file.hpp"
#include "util/yaml_tree.hpp"

namespace kb::content {

namespace fs = std::filesystem;

namespace {

// Real files are under 100 kB; far larger ones are mistakes (a pasted book, a binary) and
// would make every later stage slow.
constexpr std::size_t kMaxFileSize = 2 * 1024 * 1024;

// Works out kind and default id from "content/<folder>/.../<stem>.md".
bool classify(const schema::Schema& schema, const std::string& rel_path, std::string& kind, std::string& id) {
  fs::path p(rel_path);
  std::vector<std::string> parts;
  for (const auto& part : p) parts.push_back(part.string());
  // parts[0] == "content"
  id = p.stem().string();
  if (parts.size() == 2) {
    kind = id == "index" ? "home" : "page";
    return true;
  }
  if (const schema::Kind* k = schema.by_folder(parts[1])) {
    kind = k->name;
    return true;
  }
  return false;
}

std::vector<std::string> allowed_fields(const schema::Kind* kind) {
  std::vector<std::string> out = schema::common_fields();
  if (kind)
    for (const auto& f : kind->fields) out.push_back(f.name);
  return out;
}

// The schema type of a field (the common ones: title and summary are strings, aliases a list).
schema::Type type_of(const schema::Kind* kind, const std::string& field) {
  if (field == "aliases") return schema::Type::refs;  // a list, never a single value
  if (const schema::Field* f = kind ? kind->field(field) : nullptr) return f->type;
  return schema::Type::string;
}

namespace yaml = util::yaml;
using yaml::Node;

// Where a node is in the file.
Scalar scalar_at(const Node& n, int yaml_line) {
  return {n.is_scalar() ? n.text : std::string(), yaml_line + n.mark.line, n.mark.column + 1};
}

// {doc, section} of a source node; has_source is false unless doc is a single value.
void read_source(const Node* source, int yaml_line, Quote& q) {
  const Node* doc = source ? source->scalar("doc") : nullptr;
  if (!doc) return;
  q.has_source = true;
  q.doc = scalar_at(*doc, yaml_line);
  if (const Node* section = source->scalar("section")) q.section = scalar_at(*section, yaml_line);
}

// The front matter as typed values (after validation, which reported what does not fit).
void type_fields(const schema::Kind* kind, const Node& meta, int yaml_line, Page& page) {
  for (const auto& [key, value] : meta.entries) {
    if (!key->is_scalar()) continue;
    const std::string& name = key->text;
    if (page.fields.count(name)) continue;  // a repeated key (an error): the first one is read
    const Node& n = *value;
    FieldValue v;
    v.line = yaml_line + n.mark.line;
    v.col = n.mark.column + 1;
    const schema::Type type = type_of(kind, name);
    const bool reference = type == schema::Type::ref || type == schema::Type::refs;
    const schema::Field* declared = kind ? kind->field(name) : nullptr;
    const bool with_evidence = declared && declared->evidence;
    // A reference is an id, or {id, passage, editorial} with its evidence; a single value whose
    // field asks for evidence is the value, or {value, passage, editorial}.
    const char* value_key = reference ? "id" : "value";
    auto add_item = [&](const Node& item) {
      if (item.is_scalar()) {
        v.items.push_back(scalar_at(item, yaml_line));
        if (with_evidence) v.evidence.emplace_back();
      } else if (const Node* id = with_evidence ? item.scalar(value_key) : nullptr) {
        v.items.push_back(scalar_at(*id, yaml_line));
        Evidence e;
        if (const Node* passage = item.scalar("passage")) e.passage = scalar_at(*passage, yaml_line);
        if (const Node* editorial = item.scalar("editorial")) e.editorial = scalar_at(*editorial, yaml_line);
        v.evidence.push_back(e);
      }
    };
    if (n.is_list()) {
      v.list = true;
      for (const Node* item : n.items) add_item(*item);
    } else {
      add_item(n);
    }
    if (type == schema::Type::quote) {
      Quote q;
      q.present = n.is_scalar();
      q.quote = scalar_at(n, yaml_line);
      if (const schema::Field* f = kind->field(name)) read_source(meta.get(f->source), yaml_line, q);
      v.quotes.push_back(q);
    } else if (type == schema::Type::source) {
      Quote q;
      read_source(&n, yaml_line, q);
      v.quotes.push_back(q);
    } else if (type == schema::Type::quotes && n.is_list()) {
      for (const Node* item : n.items) {
        Quote q;
        if (const Node* quote = item->scalar("quote")) {
          q.present = true;
          q.quote = scalar_at(*quote, yaml_line);
          read_source(item->get("source"), yaml_line, q);
        }
        v.quotes.push_back(q);
      }
    }
    page.fields.emplace(name, std::move(v));
  }
}

void parse_glossary(const std::string& rel, const std::string& text, Content& content, diag::Sink& sink) {
  const std::optional<yaml::Document> parsed = util::parse_yaml_file(rel, text, sink);
  if (!parsed) return;
  const Node& doc = *parsed->root;
  if (doc.is_null()) return;
  if (!doc.is_list()) {
    sink.error(rel, 1, 1, "bad-yaml", "the glossary must be a list of {acronym, expansion} entries");
    return;
  }
  std::map<std::string, int> seen;
  for (const Node* item : doc.items) {
    const yaml::Mark m = item->mark;
    const Node* acronym = item->scalar("acronym");
    const Node* expansion = item->scalar("expansion");
    if (!acronym || !expansion) {
      sink.error(rel, m.line + 1, m.column + 1, "bad-glossary", "each entry needs 'acronym' and 'expansion'");
      continue;
    }
    GlossaryEntry g{acronym->text, expansion->text, m.line + 1};
    if (util::trim(g.acronym).empty() || util::trim(g.expansion).empty()) {
      sink.error(rel, m.line + 1, m.column + 1, "bad-glossary", "an entry's 'acronym' and 'expansion' cannot be empty");
      continue;
    }
    auto [it, inserted] = seen.emplace(g.acronym, g.line);
    if (!inserted) {
      sink.error(rel, g.line, m.column + 1, "duplicate-id",
                 "acronym '" + g.acronym + "' is defined twice (also on line " + std::to_string(it->second) + ")");
      continue;
    }
    content.glossary.push_back(std::move(g));
  }
}

void load_glossary(const std::string& root, Content& content, diag::Sink& sink, LoadCache* cache) {
  const std::string rel = "content/glossary.yaml";
  std::string text;
  if (!util::read_file(fs::path(root) / rel, text)) return;
  if (!cache) return parse_glossary(rel, text, content, sink);
  if (!cache->loaded || text != cache->glossary_text) {
    diag::Sink own;
    parse_glossary(rel, text, content, own);
    cache->glossary_text = std::move(text);
    cache->glossary = content.glossary;
    cache->glossary_diagnostics = own.all();
  }
  content.glossary = cache->glossary;
  for (const auto& d : cache->glossary_diagnostics) sink.add(d);
}

// A file's size, inode and modification time (mtime_ns -1 when stat fails); read_ns is left
// for the caller.
LoadCache::File::Stat stat_of(const fs::path& path) {
  LoadCache::File::Stat stat;
  struct ::stat st {};
  if (::stat(path.c_str(), &st) != 0) return stat;
  stat.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
  stat.size = static_cast<std::uint64_t>(st.st_size);
  stat.inode = static_cast<std::uint64_t>(st.st_ino);
  return stat;
}

// The wall clock, which file times follow, in nanoseconds.
std::int64_t now_ns() {
  struct ::timespec ts {};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// The schema, parsed again only when its text changed.
schema::Schema load_schema(const std::string& root, diag::Sink& sink, LoadCache* cache) {
  std::string text;
  if (cache && cache->loaded && util::read_file(fs::path(root) / schema::kSchemaPath, text) &&
      text == cache->schema.text) {
    for (const auto& d : cache->schema_diagnostics) sink.add(d);
    return cache->schema;
  }
  diag::Sink own;
  schema::Schema schema = schema::load_schema(root, own);
  if (cache) {
    cache->schema = schema;
    cache->schema_diagnostics = own.all();
  }
  sink.merge(own);
  return schema;
}

// The field by which the texts mention a kind (a mission's acronym, a mandate's resolution
// number, a document's symbol) names one page: two pages with one value could not be told apart
// in the texts, and one of them would silently never be linked.
void check_mention_fields(const Content& content, diag::Sink& sink) {
  std::map<std::pair<std::string, std::string>, const Page*> owner;  // (kind, value) → page
  for (const auto& page : content.pages) {
    const schema::Kind* kind = content.schema.kind(page.kind);
    if (!kind || kind->mentions.field.empty()) continue;
    const std::string value = page.str(kind->mentions.field);
    if (value.empty()) continue;
    auto [it, fresh] = owner.emplace(std::make_pair(page.kind, value), &page);
    if (fresh) continue;
    auto [line, col] = page.field_pos(kind->mentions.field);
    sink.error(page.path, line, col, "duplicate-name",
               "'" + kind->mentions.field + ": " + value + "' is also that of " + it->second->path +
                   "; the texts could not tell the two apart");
  }
}

}  // namespace

std::string id_problem(const std::string& id) {
  constexpr std::size_t kMaxId = 120;
  if (id.empty()) return "an id cannot be empty";
  if (id.size() > kMaxId)
    return "an id has at most " + std::to_string(kMaxId) + " characters (this one has " + std::to_string(id.size()) + ")";
  bool chars_ok = std::all_of(id.begin(), id.end(),
                              [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
  if (!chars_ok) return "use lowercase ASCII letters, digits and hyphens";
  if (id[0] == '-') return "an id starts with a letter or a digit";
  return {};
}

bool is_valid_id(const std::string& id) { return id_problem(id).empty(); }

bool parse_page(const std::string& rel_path, std::string_view text, const schema::Schema& schema, Page& page,
                diag::Sink& sink) {
  page.path = rel_path;
  if (!classify(schema, rel_path, page.kind, page.id)) {
    std::string folders;
    for (const auto& k : schema.kinds) folders += (folders.empty() ? "" : ", ") + k.folder;
    sink.error(rel_path, 0, 0, "unknown-kind", "file is not in a known content folder (" + folders + ")");
    return false;
  }
  const schema::Kind* kind = schema.kind(page.kind);
  int before = sink.error_count();
  Split split = split_front_matter(text, rel_path, sink);
  if (!split.ok) return false;
  page.meta_line = split.yaml_line;
  page.meta_text = split.yaml;
  page.body_line = split.body_line;
  page.body = std::move(split.body);
  if (auto tab = split.yaml.find('\t'); tab != std::string::npos) {
    // YAML allows tabs in some places and not in others; none at all keeps files portable, and
    // says what is wrong where a parser's message would not.
    auto lc = util::line_col_at(split.yaml, tab);
    sink.error(rel_path, split.yaml_line + lc.line - 1, lc.col, "bad-yaml",
               "tab character in front matter; indent YAML with spaces");
    return false;
  }
  yaml::Document parsed;
  if (yaml::Error e; !yaml::parse(split.yaml, parsed, e)) {
    sink.error(rel_path, split.yaml_line + e.mark.line, e.mark.column + 1, "bad-yaml", e.describe(split.yaml_line));
    return false;
  }
  if (!util::check_yaml_strings(*parsed.root, rel_path, split.yaml_line, sink)) return false;
  Node no_fields;  // an empty front matter is a mapping of no fields
  no_fields.kind = Node::Kind::map;
  const Node& meta = parsed.root->is_null() ? no_fields : *parsed.root;
  if (!meta.is_map()) {
    sink.error(rel_path, split.yaml_line, 1, "bad-yaml", "front matter must be a mapping of fields");
    return false;
  }
  type_fields(kind, meta, split.yaml_line, page);
  auto allowed = allowed_fields(kind);
  std::map<std::string, int> keys_seen;  // a mapping that repeats a key is an error here
  for (const auto& [key_node, value] : meta.entries) {
    const std::string key = key_node->is_scalar() ? key_node->text : std::string();
    const yaml::Mark m = key_node->mark;
    if (auto [it, fresh] = keys_seen.emplace(key, split.yaml_line + m.line); !fresh) {
      sink.error(rel_path, split.yaml_line + m.line, m.column + 1, "duplicate-field",
                 "field '" + key + "' is given twice (also on line " + std::to_string(it->second) + ")");
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string hint = util::closest(key, allowed);
      sink.error(rel_path, split.yaml_line + m.line, m.column + 1, "unknown-field",
                 "unknown field '" + key + "' for a " + page.kind +
                     (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    }
  }
  const std::vector<std::string> required = kind ? kind->required : std::vector<std::string>{"title"};
  for (const auto& field : required) {
    const Node* n = meta.get(field);
    if (!n || n->is_null() || (n->is_scalar() && util::trim(n->text).empty())) {
      sink.error(rel_path, split.yaml_line > 1 ? split.yaml_line - 1 : 1, 1, "missing-field",
                 "missing required field '" + field + "'");
    }
  }
  if (const Node* n = meta.get("id")) {
    if (!n->is_scalar())
      sink.error(rel_path, split.yaml_line + n->mark.line, n->mark.column + 1, "bad-id", "'id' must be a string");
    else
      page.id = n->text;
  }
  if (std::string problem = id_problem(page.id); !problem.empty()) {
    auto [line, col] = meta.get("id") ? page.field_pos("id") : std::pair<int, int>{1, 1};
    std::string shown = page.id;
    if (shown.size() > 60) {  // cut at a character boundary
      std::size_t cut = 60;
      while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;
      shown = shown.substr(0, cut) + "…";
    }
    sink.error(rel_path, line, col, "bad-id", "invalid id '" + shown + "': " + problem);
  }
  for (const auto& [key_node, value] : meta.entries) {
    if (!key_node->is_scalar() || key_node->text == "id" ||
        std::find(allowed.begin(), allowed.end(), key_node->text) == allowed.end())
      continue;
    const std::string& field = key_node->text;
    const Node& n = *value;
    if (n.is_null()) continue;
    const yaml::Mark m = n.mark;
    const schema::Field* declared = kind ? kind->field(field) : nullptr;
    const schema::Type type = type_of(kind, field);
    const bool reference = type == schema::Type::ref || type == schema::Type::refs;
    // A reference with evidence: {id, passage: TEXT-ID#ANCHOR} or {id, editorial: REASON};
    // a single value with evidence: {value, passage: …} or {value, editorial: …}.
    const std::string key_name = reference ? "id" : "value";
    const std::string what = reference ? "a reference" : "a value";
    auto check_evidence_item = [&](const Node& item) {
      const yaml::Mark im = item.mark;
      if (!declared || !declared->evidence) {
        sink.error(rel_path, split.yaml_line + im.line, im.column + 1, "bad-field",
                   "'" + field + "' takes plain " + (reference ? "ids" : "values") + " (its schema field asks for no evidence)");
        return;
      }
      if (!item.scalar(key_name)) {
        sink.error(rel_path, split.yaml_line + im.line, im.column + 1, "bad-field",
                   what + " with evidence is {" + key_name + ", passage: TEXT-ID#ANCHOR} or {" + key_name + ", editorial: REASON}");
        return;
      }
      for (const auto& [key_node2, value2] : item.entries) {
        const std::string key = key_node2->is_scalar() ? key_node2->text : "";
        const yaml::Mark km = key_node2->mark;
        if (key != key_name && key != "passage" && key != "editorial")
          sink.error(rel_path, split.yaml_line + km.line, km.column + 1, "unknown-field",
                     "unknown key '" + key + "' in " + what + " (" + key_name + ", passage, editorial)");
        else if (!value2->is_scalar() || value2->text.empty())
          sink.error(rel_path, split.yaml_line + km.line, km.column + 1, "bad-field",
                     "'" + key + "' in " + what + " must be a single, non-empty value");
      }
      if (item.get("passage") && item.get("editorial"))
        sink.error(rel_path, split.yaml_line + im.line, im.column + 1, "bad-field",
                   what + " has either a passage or an editorial reason, not both");
    };
    // A single value given with its evidence is checked as evidence, then as the value.
    const bool value_with_evidence = !reference && n.is_map() && declared && declared->evidence;
    if (value_with_evidence) check_evidence_item(n);
    const Node* value_ptr = value_with_evidence ? n.scalar("value") : &n;
    if (!value_ptr) continue;
    const Node& value_node = *value_ptr;
    switch (type) {
      case schema::Type::refs:
        if (!n.is_list()) {
          sink.error(rel_path, split.yaml_line + m.line, m.column + 1, "bad-field", "'" + field + "' must be a list");
          break;
        }
        for (const Node* item : n.items) {
          if (item->is_scalar()) continue;
          if (item->is_map() && declared) {  // {id, passage | editorial}, where the schema allows it
            check_evidence_item(*item);
            continue;
          }
          sink.error(rel_path, split.yaml_line + item->mark.line, item->mark.column + 1, "bad-field",
                     "'" + field + "' must be a list of plain values");
          break;
        }
        break;
      case schema::Type::ref:
        if (n.is_map()) check_evidence_item(n);
        else if (!n.is_scalar())
          sink.error(rel_path, split.yaml_line + m.line, m.column + 1, "bad-field",
                     "'" + field + "' must be a single id");
        break;
      case schema::Type::list:
        // Later stages read these as text or lists of text and would quietly see nothing.
        if (!n.is_list()) break;
        for (const Node* item : n.items) {
          if (item->is_scalar()) continue;
          const yaml::Mark im = item->mark;
          sink.error(rel_path, split.yaml_line + im.line, im.column + 1, "bad-field",
                     "'" + field + "' must be a list of plain values");
          break;
        }
        break;
      case schema::Type::year:
        if (value_node.is_scalar()) {
          // Timelines and resolution matching read it as a number.
          const std::string& y = value_node.text;
          if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos) {
            auto [line, col] = page.field_pos(field);
            sink.error(rel_path, line, col, "bad-field", "'" + field + "' must be a four-digit year, not '" + y + "'");
          }
          break;
        }
        [[fallthrough]];
      case schema::Type::number:
        if (value_node.is_scalar()) {
          // Read as an int to order pages: 99999999999999999999999, .inf or .nan cannot be.
          const std::string& v = value_node.text;
          std::size_t digits = v.size() - (!v.empty() && v[0] == '-');
          if (digits == 0 || digits > 9 || v.find_first_not_of("0123456789", v.size() - digits) != std::string::npos) {
            auto [line, col] = page.field_pos(field);
            sink.error(rel_path, line, col, "bad-field",
                       "'" + field + "' must be a whole number of at most nine digits, not '" + v.substr(0, 40) + "'");
          }
          break;
        }
        sink.error(rel_path, split.yaml_line + m.line, m.column + 1, "bad-field",
                   "'" + field + "' must be a single value, not a list or mapping");
        break;
      case schema::Type::url:
        // It becomes a link on the page: only addresses that cannot run script.
        if (value_node.is_scalar() && !markdown::is_web_url(value_node.text)) {
          sink.error(rel_path, split.yaml_line + m.line, m.column + 1, "bad-url",
                     "'" + field + "' must be an http, https or mailto address, or a relative one, not '" +
                         util::trim(value_node.text).substr(0, 60) + "'");
          break;
        }
        [[fallthrough]];
      case schema::Type::string:
      case schema::Type::quote:
        if (!value_node.is_scalar())
          sink.error(rel_path, split.yaml_line + m.line, m.column + 1, "bad-field",
                     "'" + field + "' must be a single value, not a list or mapping");
        break;
      case schema::Type::source:
      case schema::Type::quotes:
      case schema::Type::data:
        break;
    }
  }
  page.url = site::output_path(kind ? kind->folder : "", page.kind == "home" ? "index" : page.id);
  return sink.error_count() == before;
}

Content load_content(const std::string& root, diag::Sink& sink, LoadCache* cache) {
  Content content;
  content.schema = load_schema(root, sink, cache);
  if (sink.has_errors()) {
    if (cache) cache->loaded = false;  // the schema's diagnostics are not those of a load
    return content;
  }
  fs::path base = fs::path(root) / "content";
  std::vector<std::string> files;
  std::error_code ec;
  if (!fs::is_directory(base, ec)) {
    sink.error("content", 0, 0, "no-content", "no content/ folder in the site root");
    return content;
  }
  for (auto it = fs::recursive_directory_iterator(base, fs::directory_options::none, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    std::string name = it->path().filename().string();
    if (!name.empty() && (name[0] == '_' || name[0] == '.')) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_symlink()) {
      // lexically: fs::relative would follow the link and name its target.
      sink.warning(it->path().lexically_relative(root).generic_string(), 0, 0, "symlink",
                   "symbolic links in content/ are not followed");
      continue;
    }
    if (!it->is_regular_file()) continue;
    // The walk's paths are base/..., so the path from the root is "content" and the rest.
    if (it->path().extension() == ".md")
      files.push_back("content" + it->path().generic_string().substr(base.generic_string().size()));
  }
  std::sort(files.begin(), files.end());

  // Read and parse on all cores, each file into its own page and diagnostics; then taken in
  // file order, so that ids, diagnostics and pages come out the same with any number of threads.
  using Parsed = LoadCache::File;
  std::vector<Parsed> parsed(files.size());
  if (cache && cache->schema_text != content.schema.text) cache->files.clear();
  const std::int64_t started = now_ns();
  std::atomic<std::size_t> files_read{0};
  util::parallel_for(files.size(), [&](std::size_t k, std::size_t) {
    const std::string& rel = files[k];
    Parsed& out = parsed[k];
    // What the cache has of the file is moved out (each thread takes its own entries), and the
    // cache is filled again below.
    Parsed* cached = nullptr;
    if (cache) {
      auto hit = cache->files.find(rel);
      if (hit != cache->files.end()) cached = &hit->second;
    }
    Parsed::Stat stat = stat_of(fs::path(root) / rel);
    if (cached && stat.mtime_ns >= 0 && stat.mtime_ns == cached->stat.mtime_ns && stat.size == cached->stat.size &&
        stat.inode == cached->stat.inode && cached->stat.mtime_ns + cache->settle_ns < cached->stat.read_ns) {
      out = std::move(*cached);
      return;
    }
    stat.read_ns = started;
    ++files_read;
    std::string& text = out.text;
    if (!util::read_file(fs::path(root) / rel, text)) {
      out.sink.error(rel, 0, 0, "io", "cannot read file");
      return;
    }
    if (text.size() > kMaxFileSize) {
      out.sink.error(rel, 1, 1, "file-too-large",
                     "file is " + std::to_string(text.size() / 1024) + " KiB; content files are limited to " +
                         std::to_string(kMaxFileSize / 1024) + " KiB (split it into several texts)");
      return;
    }
    if (cached && cached->text == text) {
      out = std::move(*cached);
      out.stat = stat;
      return;
    }
    out.stat = stat;
    out.ok = parse_page(rel, text, content.schema, out.page, out.sink);
  });
  if (cache) {
    // The content takes the pages; the cache keeps a copy of each for the next load, made on
    // all cores.
    std::vector<Parsed> kept(parsed.size());
    util::parallel_for(parsed.size(), [&](std::size_t k, std::size_t) { kept[k] = parsed[k]; });
    cache->files_read = files_read;
    cache->schema_text = content.schema.text;
    cache->files.clear();
    for (std::size_t k = 0; k < files.size(); ++k) cache->files.emplace(files[k], std::move(kept[k]));
  }
  content.by_key.reserve(files.size());
  for (std::size_t k = 0; k < files.size(); ++k) {
    const std::string& rel = files[k];
    sink.merge(parsed[k].sink);
    if (!parsed[k].ok) continue;
    Page& page = parsed[k].page;
    auto [it, inserted] = content.by_key.emplace(page.key(), content.pages.size());
    if (!inserted) {
      auto [line, col] = page.field("id") ? page.field_pos("id") : std::pair<int, int>{1, 1};
      sink.error(rel, line, col, "duplicate-id",
                 "duplicate " + page.kind + " id '" + page.id + "' (also used by " + content.pages[it->second].path + ")");
      continue;
    }
    content.pages.push_back(std::move(page));
  }
  check_mention_fields(content, sink);
  load_glossary(root, content, sink, cache);
  if (cache) cache->loaded = true;
  return content;
}

}  // namespace kb::content
