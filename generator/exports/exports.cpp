#include "exports/exports.hpp"

#include <nlohmann/json.hpp>

#include "util/text.hpp"

namespace kb::exports {

namespace {

using nlohmann::json;

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char ch : s) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

}  // namespace

std::map<std::string, std::string> data_files(const content::Content& content, const graph::Graph& graph) {
  json entities = json::array();
  std::string ecsv = "key,kind,id,title,url\n";
  for (const auto& p : content.pages) {
    if (!content.kind_of(p)) continue;  // the home page and plain pages are not in the graph
    entities.push_back({{"key", p.key()}, {"kind", p.kind}, {"id", p.id}, {"title", p.title()}, {"url", p.url}});
    ecsv += csv_field(p.key()) + "," + p.kind + "," + p.id + "," + csv_field(p.title()) + "," + p.url + "\n";
  }
  json relations = json::array();
  // With the evidence of the relations that need it: the passage that names the target, or
  // why the relation is editorial.
  std::string rcsv = "from,relation,to,passage,editorial\n";
  for (const auto& e : graph.edges) {
    json r = {{"from", e.from}, {"relation", e.relation}, {"to", e.to}};
    if (!e.passage.empty()) r["passage"] = e.passage;
    if (!e.editorial.empty()) r["editorial"] = e.editorial;
    relations.push_back(r);
    rcsv += e.from + "," + e.relation + "," + e.to + "," + csv_field(e.passage) + "," + csv_field(e.editorial) + "\n";
  }
  // Single values that need evidence (a mission's years), with what supports them.
  json values = json::array();
  std::string vcsv = "page,field,value,passage,editorial\n";
  for (const auto& [key, e] : graph.value_evidence) {
    const std::string& field = e.relation;
    const content::Page* page = content.find(e.from);
    const std::string value = page ? page->str(field) : "";
    json v = {{"page", e.from}, {"field", field}, {"value", value}};
    if (!e.passage.empty()) v["passage"] = e.passage;
    if (!e.editorial.empty()) v["editorial"] = e.editorial;
    values.push_back(v);
    vcsv += e.from + "," + field + "," + csv_field(value) + "," + csv_field(e.passage) + "," + csv_field(e.editorial) + "\n";
  }
  json mentions = json::array();
  std::string mcsv = "entity,page,anchor\n";
  for (const auto& [key, list] : graph.passages) {
    for (const auto& ps : list) {
      const content::Page& src = content.pages[ps.page];
      mentions.push_back({{"entity", key}, {"page", src.key()}, {"anchor", ps.anchor}});
      mcsv += key + "," + src.key() + "," + ps.anchor + "\n";
    }
  }
  json all = {{"entities", entities}, {"relations", relations}, {"values", values}, {"mentions", mentions}};
  return {{"data/graph.json", all.dump(1) + "\n"},
          {"data/entities.csv", ecsv},
          {"data/relations.csv", rcsv},
          {"data/values.csv", vcsv},
          {"data/mentions.csv", mcsv}};
}

std::string sitemap(const config::SiteConfig& cfg, const std::set<std::string>& paths) {
  if (cfg.base_url.empty()) return {};
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (const auto& path : paths)
    if (util::ends_with(path, ".html")) xml += "<url><loc>" + util::html_escape(config::absolute_url(cfg, path)) + "</loc></url>\n";
  return xml + "</urlset>\n";
}

}  // namespace kb::exports
