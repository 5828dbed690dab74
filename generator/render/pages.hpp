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
#include "render/reads.hpp"
#include "render/templates.hpp"
#include "site/files.hpp"

namespace kb::render {

struct SiteFiles {
  site::Files files;            // output path → bytes (none when streamed)
  std::set<std::string> paths;               // every output path rendered
  int pages = 0;                             // HTML pages among them
};

// Where rendered files go as soon as they are made (a one-off build writes them and lets them
// go); without one, render_site keeps them all in SiteFiles::files.
using FileStream = std::function<void(const std::string& path, std::string bytes)>;

// Remembers, per output page, the view it was rendered from, so that a rebuild re-renders only
// the pages whose view changed; and per content page, what its views read (reads.hpp), so that a
// rebuild builds again only the views whose reads changed. A fresh cache makes a full render.
struct RenderCache {
  struct Entry {
    nlohmann::json view;
    site::Bytes html;  // shared with the files of the run that rendered it
  };
  std::map<std::string, Entry> pages;
  // What one content page's views made: a page's path and template (its HTML in `pages`), or
  // another file's path and bytes (a text's .bib).
  struct Made {
    std::string path;
    std::string template_name;  // "" for a file
    std::string bytes;
  };
  struct Views {
    std::vector<CheckedRead> reads;
    std::vector<Made> made;
  };
  std::map<std::string, Views> views;  // by "PATH\nKEY" of the content page, or a kind's index
  ReadTable reads;                     // what the views' reads name
  std::uint64_t epoch = 0;             // what all views share (reads.hpp), when they were built
  bool enabled = true;               // false: render everything and remember nothing
  std::string templates_signature;  // all templates and partials; a change empties the cache
  int rendered = 0;                  // pages rendered by the last run (not taken from the cache)
  int views_built = 0;               // views (content pages', kinds' indexes) the last run built
};

SiteFiles render_site(const config::SiteConfig& cfg, const content::Content& content, const graph::Graph& graph,
                      const Templates& templates, RenderCache& cache, diag::Sink& sink,
                      const FileStream& stream = {});

}  // namespace kb::render
