// View models: turns the content and the graph into one JSON view per output page and renders
// it through the templates. The only place that knows what each page shows.
#pragma once

#include <map>
#include <string>

#include "config/site_config.hpp"
#include "content/model.hpp"
#include "diag/diagnostic.hpp"
#include "graph/graph.hpp"
#include "render/templates.hpp"

namespace kb::render {

struct SiteFiles {
  std::map<std::string, std::string> files;  // output path → bytes
  int pages = 0;                             // HTML pages among them
};

SiteFiles render_site(const config::SiteConfig& cfg, const content::Content& content, const graph::Graph& graph,
                      const Templates& templates, diag::Sink& sink);

}  // namespace kb::render
