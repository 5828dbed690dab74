// The render stage: every page's view (site_renderer.hpp) through its template, re-rendering
// only the pages whose view changed since the last run.
#include "render/pages.hpp"

#include <algorithm>

#include "render/site_renderer.hpp"
#include "util/parallel.hpp"

namespace kb::render {

using nlohmann::json;
using content::Page;

namespace {

// What one content page's views gave, collected on a worker thread: views (a template name) and
// other files (bytes), in the order they were made.
struct Made {
  std::string path;
  std::string template_name;  // "" for a file
  nlohmann::json view;
  std::string bytes;
};
thread_local std::vector<Made>* collecting = nullptr;

}  // namespace

SiteFiles SiteRenderer::run() {
  index_pages();
  // The content pages' views are built on all cores, a batch at a time (views only read the
  // content and the graph), then taken in page order.
  const std::size_t n = c_.pages.size();
  for (std::size_t start = 0; start < n; start += kBatch) {
    std::vector<std::vector<Made>> made(std::min(kBatch, n - start));
    util::parallel_for(made.size(), [&](std::size_t k, std::size_t) {
      collecting = &made[k];
      page(start + k);
      collecting = nullptr;
    });
    for (std::size_t k = 0; k < made.size(); ++k) {
      current_ = &c_.pages[start + k];
      for (Made& m : made[k]) {
        if (m.template_name.empty()) store(m.path, std::move(m.bytes));
        else take(m.path, m.template_name, std::move(m.view));
      }
    }
  }
  current_ = nullptr;
  for (const schema::Kind* kind : c_.schema.entities()) kind_index(*kind);
  texts_index();
  matrix();
  glossary();
  search_page();
  render_pending();
  // Pages that no longer exist leave the cache.
  for (auto it = cache_.pages.begin(); it != cache_.pages.end();)
    it = files_.paths.count(it->first) ? std::next(it) : cache_.pages.erase(it);
  return std::move(files_);
}

void SiteRenderer::put(const std::string& path, std::string bytes) {
  if (collecting) collecting->push_back({path, "", {}, std::move(bytes)});
  else store(path, std::move(bytes));
}

// A rendered file: to the stream when there is one, else kept in files_.
void SiteRenderer::store(const std::string& path, std::string bytes) {
  files_.paths.insert(path);
  if (stream_) stream_(path, std::move(bytes));
  else files_.files[path] = std::move(bytes);
}

void SiteRenderer::emit(const std::string& path, const std::string& template_name, json view) {
  if (collecting) collecting->push_back({path, template_name, std::move(view), {}});
  else take(path, template_name, std::move(view));
}

void SiteRenderer::take(const std::string& path, const std::string& template_name, json view) {
  auto [owner, fresh] = owners_.emplace(path, current_);
  if (!fresh) {
    // Reported at the content file (the later one when both are); the site's own pages win.
    const Page* at = current_ ? current_ : owner->second;
    const Page* other = current_ ? owner->second : nullptr;
    if (!at) {  // two of the site's own pages: a schema whose folders overlap
      sink_.error("", 0, 0, "duplicate-output", "two of the site's own pages would be written to '" + path + "'");
      return;
    }
    sink_.error(at->path, 1, 1, "duplicate-output",
                "this page would be written to '" + path + "', which " +
                    (other ? other->path + " is written to as well" : "is where the site writes its own page (template '" + template_name + "')") +
                    "; rename the file or give it another id");
    return;
  }
  view["template"] = template_name;
  // kainjow's Mustache has no "list.0" test; templates ask these instead.
  for (const char* list : {"facts", "asks", "mentioned", "breadcrumbs", "sections", "texts", "rows"})
    view[std::string("has_") + list] = view.contains(list) && !view[list].empty();
  ++files_.pages;
  if (cache_.enabled) {
    auto it = cache_.pages.find(path);
    if (it != cache_.pages.end() && it->second.view == view) {
      store(path, it->second.html);
      return;
    }
  }
  pending_.push_back({path, template_name, std::move(view)});
  if (pending_.size() >= kBatch) render_pending();
}

// The pages waiting for their templates, rendered on all cores; what they report and what they
// give keep the order they were emitted in, so the output is the same with any number of threads.
void SiteRenderer::render_pending() {
  std::vector<std::string> html(pending_.size());
  std::vector<diag::Sink> sinks(pending_.size());
  if (parsed_.empty()) parsed_.resize(util::worker_count());  // kept from batch to batch
  util::parallel_for(pending_.size(), [&](std::size_t k, std::size_t worker) {
    html[k] = t_.render_page(pending_[k].template_name, pending_[k].view, sinks[k], &parsed_[worker]);
  });
  for (std::size_t k = 0; k < pending_.size(); ++k) {
    sink_.merge(sinks[k]);
    if (cache_.enabled) cache_.pages[pending_[k].path] = {std::move(pending_[k].view), html[k]};
    store(pending_[k].path, std::move(html[k]));
    ++cache_.rendered;
  }
  pending_.clear();
}

void SiteRenderer::page(std::size_t i) {
  const Page& p = c_.pages[i];
  const schema::Kind* kind = c_.kind_of(p);
  if (!kind) simple_page(i, p.kind);  // the home page, or a plain page
  else if (kind->role == schema::Role::text) text_page(i);
  else if (kind->role == schema::Role::collection) collection_page(i);
  else entity_page(i, *kind);
}

SiteFiles render_site(const config::SiteConfig& cfg, const content::Content& content, const graph::Graph& graph,
                      const Templates& templates, RenderCache& cache, diag::Sink& sink,
                      const FileStream& stream) {
  cache.rendered = 0;
  return SiteRenderer(cfg, content, graph, templates, cache, sink, stream).run();
}

}  // namespace kb::render
