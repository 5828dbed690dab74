#include "exports/exports.hpp"

#include <initializer_list>
#include <string_view>

#include "util/json_text.hpp"
#include "util/text.hpp"

namespace kb::exports {

namespace {

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

// data/graph.json keeps the layout it has always had (nlohmann's dump(1): one space per level,
// keys in byte order), written straight into the string rather than through a JSON tree.
// One array of objects, a member of the top-level object: "  name": [ {...}, ... ].
class Records {
 public:
  Records(std::string& out, std::string_view name) : out_(out) {
    out_ += " ";
    util::append_json_string(out_, name);
    out_ += ": [";
  }
  // An object of the members whose value is not null, given in key order.
  void add(std::initializer_list<std::pair<std::string_view, const std::string*>> members) {
    out_ += first_ ? "\n  {" : ",\n  {";
    first_ = false;
    bool first_member = true;
    for (const auto& [key, value] : members) {
      if (!value) continue;
      out_ += first_member ? "\n   " : ",\n   ";
      first_member = false;
      util::append_json_string(out_, key);
      out_ += ": ";
      util::append_json_string(out_, *value);
    }
    out_ += first_member ? "}" : "\n  }";
  }
  void close() { out_ += first_ ? "]" : "\n ]"; }

 private:
  std::string& out_;
  bool first_ = true;
};

const std::string* unless_empty(const std::string& s) { return s.empty() ? nullptr : &s; }

}  // namespace

std::map<std::string, std::string> data_files(const content::Content& content, const graph::Graph& graph) {
  std::string json = "{\n";
  Records entities(json, "entities");
  std::string ecsv = "key,kind,id,title,url\n";
  for (const auto& p : content.pages) {
    if (!content.kind_of(p)) continue;  // the home page and plain pages are not in the graph
    const std::string key = p.key(), title = p.title();
    entities.add({{"id", &p.id}, {"key", &key}, {"kind", &p.kind}, {"title", &title}, {"url", &p.url}});
    ecsv += csv_field(key) + "," + p.kind + "," + p.id + "," + csv_field(title) + "," + p.url + "\n";
  }
  entities.close();
  json += ",\n";
  Records mentions(json, "mentions");
  std::string mcsv = "entity,page,anchor\n";
  for (const auto& [key, list] : graph.passages) {
    for (const auto& ps : list) {
      const std::string page = content.pages[ps.page].key();
      mentions.add({{"anchor", &ps.anchor}, {"entity", &key}, {"page", &page}});
      mcsv += key + "," + page + "," + ps.anchor + "\n";
    }
  }
  mentions.close();
  json += ",\n";
  // With the evidence of the relations that need it: the passage that names the target, or
  // why the relation is editorial.
  Records relations(json, "relations");
  std::string rcsv = "from,relation,to,passage,editorial\n";
  for (const auto& e : graph.edges) {
    relations.add({{"editorial", unless_empty(e.editorial)}, {"from", &e.from}, {"passage", unless_empty(e.passage)},
                   {"relation", &e.relation}, {"to", &e.to}});
    rcsv += e.from + "," + e.relation + "," + e.to + "," + csv_field(e.passage) + "," + csv_field(e.editorial) + "\n";
  }
  relations.close();
  json += ",\n";
  // Single values that need evidence (a mission's years), with what supports them.
  Records values(json, "values");
  std::string vcsv = "page,field,value,passage,editorial\n";
  for (const auto& [key, e] : graph.value_evidence) {
    const std::string& field = e.relation;
    const content::Page* page = content.find(e.from);
    const std::string value = page ? page->str(field) : "";
    values.add({{"editorial", unless_empty(e.editorial)}, {"field", &field}, {"page", &e.from},
                {"passage", unless_empty(e.passage)}, {"value", &value}});
    vcsv += e.from + "," + field + "," + csv_field(value) + "," + csv_field(e.passage) + "," + csv_field(e.editorial) + "\n";
  }
  values.close();
  json += "\n}\n";
  return {{"data/graph.json", std::move(json)},
          {"data/entities.csv", std::move(ecsv)},
          {"data/relations.csv", std::move(rcsv)},
          {"data/values.csv", std::move(vcsv)},
          {"data/mentions.csv", std::move(mcsv)}};
}

std::string sitemap(const config::SiteConfig& cfg, const std::set<std::string>& paths) {
  if (cfg.base_url.empty()) return {};
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const auto& path : paths)
    if (util::ends_with(path, ".html")) xml += "<url><loc>" + util::html_escape(config::absolute_url(cfg, path)) + "</loc></url>\n";
  return xml + "</urlset>\n";
}

}  // namespace kb::exports
