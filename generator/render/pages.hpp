// View models: turns the content and the graph into one JSON view per output page and renders
// it through the templates. The only place that knows what each page shows.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>

#include "config/site_config.hpp"
#include "content/model.hpp"
#include "diag/diagnostic.hpp"
#include "graph/graph.hpp"
#include "render/templates.hpp"

namespace kb::render {

struct SiteFiles {
  std::map<std::string, std::string> files;  // output path → bytes (none when streamed)
  std::set<std::string> paths;               // every output path rendered
  int pages = 0;                             // HTML pages among them
};

// Where rendered files go as soon as they are made (a one-off build writes them and lets them
// go); without one, render_site keeps them all in SiteFiles::files.
using FileStream = std::function<void(const std::string& path, std::string bytes)>;

// Remembers, per output page, the view it was rendered from, so that a rebuild re-renders only
// the pages whose view changed. A fresh cache makes a full render.
struct RenderCache {
  struct Entry {
    nlohmann::json view;
    std::string html;
  };
  std::map<std::string, Entry> pages;
  bool enabled = true;               // false: render everything and remember nothing
  std::string templates_signature;  // all templates and partials; a change empties the cache
  int rendered = 0;                  // pages rendered by the last run (not taken from the cache)
};

SiteFiles render_site(const config::SiteConfig& cfg, const content::Content& content, const graph::Graph& graph,
                      const Templates& templates, RenderCache& cache, diag::Sink& sink,
                      const FileStream& stream = {});

}  // namespace kb::render
