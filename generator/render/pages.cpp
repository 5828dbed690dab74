// The render stage: every page's view (site_renderer.hpp) through its template, re-rendering
// only the pages whose view changed since the last run.
#include "render/pages.hpp"

#include <algorithm>
#include <set>

#include "render/site_renderer.hpp"
#include "util/parallel.hpp"

namespace kb::render {

using nlohmann::json;
using content::Page;

namespace {

thread_local std::vector<SiteRenderer::Made>* collecting = nullptr;

std::string views_key(const Page& p) { return p.path + "\n" + p.key(); }
std::string views_key(const schema::Kind& k) { return "\nindex of " + k.name; }  // no content path starts with "\n"

}  // namespace

SiteFiles SiteRenderer::run() {
  index_pages();
  cache_.views_built = 0;
  if (const std::uint64_t e = epoch(); cache_.enabled && e != cache_.epoch) {
    cache_.views.clear();
    cache_.reads.clear();
    cache_.epoch = e;
  }
  if (cache_.enabled) fingerprint_cached_reads();
  // The content pages' views are built on all cores, a batch at a time (views only read the
  // content and the graph), then taken in page order. A page whose reads all answer as when its
  // views were last built takes what they made from the cache.
  const std::size_t n = c_.pages.size();
  std::set<std::string> seen;
  for (std::size_t start = 0; start < n; start += kBatch) {
    const std::size_t count = std::min(kBatch, n - start);
    std::vector<std::vector<Made>> made(count);
    std::vector<char> reused(count, 0);
    std::vector<std::vector<Read>> reads(count);
    if (cache_.enabled) {
      std::vector<std::string> keys(count);
      for (std::size_t k = 0; k < count; ++k) seen.insert(keys[k] = views_key(c_.pages[start + k]));
      util::parallel_for(count, [&](std::size_t k, std::size_t) { reused[k] = reuse(keys[k], made[k]); });
    }
    util::parallel_for(count, [&](std::size_t k, std::size_t) {
      if (reused[k]) return;
      collecting = &made[k];
      if (cache_.enabled) record_reads(&reads[k]);
      page(start + k);
      record_reads(nullptr);
      collecting = nullptr;
    });
    for (std::size_t k = 0; k < count; ++k)
      if (!reused[k]) remember(views_key(c_.pages[start + k]), std::move(reads[k]), made[k]);
    for (std::size_t k = 0; k < count; ++k) {
      current_ = &c_.pages[start + k];
      take_made(made[k]);
    }
  }
  current_ = nullptr;
  for (const schema::Kind* kind : c_.schema.entities()) kind_index_view(*kind, seen);
  // The site's own pages that read across the site: their views built on all cores, then taken
  // in this order.
  void (SiteRenderer::*const site_pages[])() = {&SiteRenderer::texts_index, &SiteRenderer::matrix,
                                                &SiteRenderer::glossary, &SiteRenderer::search_page};
  std::vector<std::vector<Made>> site_made(std::size(site_pages));
  util::parallel_for(site_made.size(), [&](std::size_t k, std::size_t) {
    collecting = &site_made[k];
    (this->*site_pages[k])();
    collecting = nullptr;
  });
  for (std::vector<Made>& made : site_made) take_made(made);
  render_pending();
  // Pages that no longer exist leave the cache, and so do the views of pages and kinds gone.
  for (auto it = cache_.views.begin(); it != cache_.views.end();)
    it = seen.count(it->first) ? std::next(it) : cache_.views.erase(it);
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

// The same for a page the render cache holds: kept in files_ without a copy.
void SiteRenderer::store(const std::string& path, const site::Bytes& bytes) {
  files_.paths.insert(path);
  if (stream_) stream_(path, bytes.str());
  else files_.files[path] = bytes;
}

void SiteRenderer::emit(const std::string& path, const std::string& template_name, json view) {
  if (collecting) collecting->push_back({path, template_name, std::move(view), {}});
  else take(path, template_name, std::move(view));
}

// The views of `key` as last built, if every read answers as it did then (and each page they
// made is still in the render cache): into `made`. Only reads (fingerprint_cached_reads has
// fingerprinted every read of the cache), so pages are checked on all cores.
bool SiteRenderer::reuse(const std::string& key, std::vector<Made>& made) const {
  auto it = cache_.views.find(key);
  if (it == cache_.views.end()) return false;
  for (const CheckedRead& r : it->second.reads)
    if (cache_.reads.at(r.read).table == Table::all || fingerprints_[r.read] != r.fingerprint) return false;
  for (const RenderCache::Made& m : it->second.made)
    if (!m.template_name.empty() && !cache_.pages.count(m.path)) return false;
  for (const RenderCache::Made& m : it->second.made) made.push_back({m.path, m.template_name, {}, m.bytes, !m.template_name.empty()});
  return true;
}

// Views of `key` just built: counted, and (when the cache is on) what they read, fingerprinted
// now, and what they made, remembered.
void SiteRenderer::remember(const std::string& key, std::vector<Read> reads, const std::vector<Made>& made) {
  ++cache_.views_built;
  if (!cache_.enabled) return;
  std::sort(reads.begin(), reads.end());
  reads.erase(std::unique(reads.begin(), reads.end()), reads.end());
  RenderCache::Views views;
  views.reads.reserve(reads.size());
  for (const Read& r : reads) {
    const std::uint32_t place = cache_.reads.intern(r);
    views.reads.push_back({place, fingerprint(place)});
  }
  for (const Made& m : made) views.made.push_back({m.path, m.template_name, m.template_name.empty() ? m.bytes : ""});
  cache_.views[key] = std::move(views);
}

// A kind's index page, which reads every page of the kind: like a content page's views, built
// again only when one of its reads answers otherwise.
void SiteRenderer::kind_index_view(const schema::Kind& kind, std::set<std::string>& seen) {
  const std::string key = views_key(kind);
  std::vector<Made> made;
  const bool reused = cache_.enabled && reuse(key, made);
  if (!reused) {
    std::vector<Read> reads;
    collecting = &made;
    if (cache_.enabled) record_reads(&reads);
    kind_index(kind);
    record_reads(nullptr);
    collecting = nullptr;
    remember(key, std::move(reads), made);
  }
  if (cache_.enabled) seen.insert(key);
  take_made(made);
}

// What one page's views made, in order: files stored, pages taken (from the render cache when
// their views were not built again).
void SiteRenderer::take_made(std::vector<Made>& made) {
  for (Made& m : made) {
    if (m.template_name.empty()) store(m.path, std::move(m.bytes));
    else if (m.cached) take_cached(m.path, m.template_name);
    else take(m.path, m.template_name, std::move(m.view));
  }
}

// Whether `path` is free for the page being taken; reports it when it is not.
bool SiteRenderer::claim(const std::string& path, const std::string& template_name) {
  auto [owner, fresh] = owners_.emplace(path, current_);
  if (!fresh) {
    // Reported at the content file (the later one when both are); the site's own pages win.
    const Page* at = current_ ? current_ : owner->second;
    const Page* other = current_ ? owner->second : nullptr;
    if (!at) {  // two of the site's own pages: a schema whose folders overlap
      sink_.error("", 0, 0, "duplicate-output", "two of the site's own pages would be written to '" + path + "'");
      return false;
    }
    sink_.error(at->path, 1, 1, "duplicate-output",
                "this page would be written to '" + path + "', which " +
                    (other ? other->path + " is written to as well" : "is where the site writes its own page (template '" + template_name + "')") +
                    "; rename the file or give it another id");
  }
  return fresh;
}

// A page rendered by an earlier run, from views it did not build again.
void SiteRenderer::take_cached(const std::string& path, const std::string& template_name) {
  if (!claim(path, template_name)) return;
  ++files_.pages;
  store(path, cache_.pages.at(path).html);
}

void SiteRenderer::take(const std::string& path, const std::string& template_name, json view) {
  if (!claim(path, template_name)) return;
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
    // Without the cache nothing reads the view again: freed here, on all cores, not one by one
    // after the batch.
    if (!cache_.enabled) pending_[k].view = json();
  });
  for (std::size_t k = 0; k < pending_.size(); ++k) {
    sink_.merge(sinks[k]);
    if (!cache_.enabled) {
      store(pending_[k].path, std::move(html[k]));
    } else {
      site::Bytes bytes(std::move(html[k]));
      cache_.pages[pending_[k].path] = {std::move(pending_[k].view), bytes};
      store(pending_[k].path, bytes);
    }
    ++cache_.rendered;
  }
  pending_.clear();
}

void SiteRenderer::page(std::size_t i) {
  const Page& p = page_at(i);
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
