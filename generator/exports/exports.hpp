// The exports stage: the knowledge graph as data for analysis (data/graph.json and three CSV
// files) and, with a base URL, the sitemap of the pages rendered.
#pragma once

#include <map>
#include <set>
#include <string>

#include "config/site_config.hpp"
#include "content/model.hpp"
#include "graph/graph.hpp"

namespace kb::exports {

// data/graph.json {entities, relations, mentions}, data/entities.csv, relations.csv, mentions.csv.
std::map<std::string, std::string> data_files(const content::Content& content, const graph::Graph& graph);

// sitemap.xml listing the HTML files among `paths`, or "" without a base URL (a sitemap needs
// absolute links, and the rest of the site never does).
std::string sitemap(const config::SiteConfig& cfg, const std::set<std::string>& paths);

}  // namespace kb::exports
