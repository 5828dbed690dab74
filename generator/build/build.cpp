#include "build/build.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <atomic>
#include <filesystem>
#include <functional>
#include <set>
#include <thread>

#include "config/site_config.hpp"
#include "content/load.hpp"
#include "graph/graph.hpp"
#include "links/mentions.hpp"
#include "markdown/render.hpp"
#include "render/pages.hpp"
#include "render/templates.hpp"
#include "search/lunr_state_js.hpp"
#include "site/paths.hpp"
#include "site/writer.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

namespace kb::build {

namespace fs = std::filesystem;

namespace {

// The templates every site needs besides those its kinds name.
const char* const kRequiredTemplates[] = {"layout", "list", "home", "texts", "matrix", "search", "page"};

// Everything outside a page's own body that its rendered Markdown depends on: which pages exist
// and where (link targets), the schema (which link schemes exist, which pages number their
// paragraphs) and what the mention matcher looks for (its own signature).
std::string markdown_context(const std::string& root, const config::SiteConfig& cfg, const content::Content& content,
                             const links::MentionMatcher& matcher) {
  std::string sig = cfg.allow_raw_html ? "raw\n" : "safe\n";
  // Which asset files exist decides whether an image reference is an error.
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(fs::path(root) / "assets", ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    sig += it->path().generic_string() + "\n";
  sig += content.schema.text + "\n";
  for (const auto& p : content.pages) sig += p.key() + "\n";
  sig += matcher.signature();
  return sig;
}

bool read_assets(const fs::path& root, std::map<std::string, std::string>& files, diag::Sink& sink) {
  fs::path assets = root / "assets";
  std::error_code ec;
  std::vector<fs::path> found;
  if (fs::is_directory(assets, ec)) {
    for (auto it = fs::recursive_directory_iterator(assets, ec); it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (ec) break;
      if (it->is_regular_file() && !it->is_symlink()) found.push_back(it->path());
    }
  }
  std::sort(found.begin(), found.end());
  for (const auto& f : found) {
    std::string rel = "assets/" + fs::relative(f, assets).generic_string();
    util::read_file(f, files[rel]);
  }
  files["assets/lunr-state.js"] = search::kLunrStateJs;
  if (!util::read_file(KB_LUNR_JS, files["assets/lunr.js"])) {
    sink.error("", 0, 0, "io", std::string("cannot read ") + KB_LUNR_JS + " (install libjs-lunr)");
    return false;
  }
  return true;
}

// Markdown stage for one page, with links resolved against the permalinks of `content`.
markdown::Rendered render_page_markdown(const std::string& root, const config::SiteConfig& cfg,
                                        const content::Content& content,
                                        const links::MentionMatcher& matcher, const std::vector<std::string>& all_keys,
                                        const content::Page& page, diag::Sink& sink) {
  const std::string& from = page.url;
  markdown::Hooks hooks;
  hooks.resolve_link = [&](const std::string& url, int line, int col) -> std::optional<std::string> {
    std::string key = url, anchor;
    if (auto hash = url.find('#'); hash != std::string::npos) {
      key = url.substr(0, hash);
      anchor = url.substr(hash);
    }
    const content::Page* target = content.find(key);
    if (!target) {
      std::string hint = util::closest(key, all_keys);
      sink.error(page.path, line, col, "unknown-ref",
                 "unknown reference '" + key + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
      return std::nullopt;
    }
    return site::relative_url(from, target->url) + anchor;
  };
  hooks.resolve_asset = [&](const std::string& path, int line, int col) -> std::optional<std::string> {
    std::string file = path.substr(0, path.find_first_of("?#"));
    std::error_code ec;
    if (!site::is_safe_relative(file) || !fs::is_regular_file(fs::path(root) / file, ec)) {
      sink.error(page.path, line, col, "missing-asset", "'" + file + "' not found in the site root's assets/ folder");
      return std::nullopt;
    }
    return site::relative_url(from, path);
  };
  // Every page gets automatic mentions, except of itself. (Entity pages list only passages of
  // the texts as "what the sources say"; mentions in descriptions just link.)
  {
    hooks.find_mentions = [&](std::string_view text) {
      std::vector<markdown::MentionMatch> res;
      for (const auto& m : matcher.find(text)) {
        if (m.target_key == page.key()) continue;
        markdown::MentionMatch mm;
        mm.begin = m.begin;
        mm.end = m.end;
        mm.target_key = m.target_key;
        mm.title = m.title;
        mm.abbr = m.term ? m.term->abbr : false;
        bool link = m.term ? m.term->link : true;
        if (link && !m.target_key.empty()) {
          if (const content::Page* t = content.find(m.target_key))
            mm.href = site::relative_url(from, t->url);
        }
        res.push_back(std::move(mm));
      }
      return res;
    };
  }
  markdown::Options opts;
  opts.allow_raw_html = cfg.allow_raw_html;
  // Sources and their collections number their paragraphs, so that passages can be cited.
  opts.number_paragraphs = content.has_role(page, schema::Role::text) || content.has_role(page, schema::Role::collection);
  for (const auto& kind : content.schema.kinds) opts.link_schemes.insert(kind.name);
  opts.link_schemes.insert("page");
  return markdown::render(page.path, page.body, page.body_line, opts, hooks, sink);
}

// Runs body(0..count-1) on all cores; each index is handled by exactly one thread.
void parallel_for(std::size_t count, const std::function<void(std::size_t)>& body) {
  const std::size_t threads = std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), count);
  if (threads <= 1) {
    for (std::size_t i = 0; i < count; ++i) body(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (std::size_t i; (i = next++) < count;) body(i);
    });
  for (auto& th : pool) th.join();
}

}  // namespace

struct Session::Caches {
  struct MarkdownEntry {
    std::string body;
    std::string meta;  // the page's front matter, which the render options depend on
    markdown::Rendered rendered;
    std::vector<diag::Diagnostic> diagnostics;
  };
  std::string markdown_context;
  std::map<std::string, MarkdownEntry> markdown;  // by page path
  render::RenderCache render;
};

Session::Session(Options options, bool remember)
    : options_(std::move(options)), remember_(remember), caches_(std::make_unique<Caches>()) {
  caches_->render.enabled = remember;
}
Session::~Session() = default;

std::string output_dir(const Options& options) {
  return options.out.empty() ? (fs::path(options.root) / "site").string() : options.out;
}

namespace {

// KB_TIMINGS=1 prints how long each stage took, for profiling rebuilds.
class StageTimer {
 public:
  StageTimer() : enabled_(std::getenv("KB_TIMINGS") != nullptr), last_(std::chrono::steady_clock::now()) {}
  void lap(const char* stage) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    std::fprintf(stderr, "  %-10s %7.1f ms\n", stage, std::chrono::duration<double, std::milli>(now - last_).count());
    last_ = now;
  }

 private:
  bool enabled_;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace

bool Session::generate(diag::Sink& sink, Output& output) {
  StageTimer timer;
  config::SiteConfig cfg = config::load_site_config(options_.root, sink);
  content::Content content = content::load_content(options_.root, sink);
  render::Templates templates = render::Templates::load(options_.root, sink);
  std::set<std::string> required(std::begin(kRequiredTemplates), std::end(kRequiredTemplates));
  for (const auto& kind : content.schema.kinds)
    if (!kind.template_name.empty()) required.insert(kind.template_name);
  for (const std::string& name : required) {
    if (!templates.exists(name))
      sink.error("templates/" + name + ".mustache", 0, 0, "missing-template", "template '" + name + "' not found");
  }
  timer.lap("load");
  if (sink.has_errors()) return false;

  // Markdown stage, reusing a page's rendering while its body and the site context are unchanged.
  links::MentionMatcher matcher = links::MentionMatcher::from_content(content);
  std::string context = markdown_context(options_.root, cfg, content, matcher);
  if (context != caches_->markdown_context) {
    caches_->markdown.clear();
    caches_->markdown_context = context;
  }
  std::vector<std::string> all_keys;
  for (const auto& p : content.pages) all_keys.push_back(p.key());
  const std::size_t n = content.pages.size();
  std::vector<markdown::Rendered> rendered(n);
  std::vector<diag::Sink> page_sinks(n);
  std::vector<std::size_t> todo;
  std::map<std::string, Caches::MarkdownEntry> next_cache;
  for (std::size_t i = 0; i < n; ++i) {
    const auto& page = content.pages[i];
    auto hit = caches_->markdown.find(page.path);
    if (hit != caches_->markdown.end() && hit->second.body == page.body && hit->second.meta == page.meta_text) {
      for (const auto& d : hit->second.diagnostics) page_sinks[i].add(d);
      rendered[i] = hit->second.rendered;
      next_cache[page.path] = std::move(hit->second);
    } else {
      todo.push_back(i);
    }
  }
  // Pages render independently (each into its own sink), so the work is shared among the cores.
  parallel_for(todo.size(), [&](std::size_t k) {
    const std::size_t i = todo[k];
    rendered[i] = render_page_markdown(options_.root, cfg, content, matcher, all_keys, content.pages[i], page_sinks[i]);
  });
  for (std::size_t i : todo) {
    if (remember_) {
      const auto& page = content.pages[i];
      next_cache[page.path] = {page.body, page.meta_text, rendered[i], page_sinks[i].all()};
    }
  }
  for (const auto& ps : page_sinks) sink.merge(ps);
  output.markdown_rendered = static_cast<int>(todo.size());
  caches_->markdown = std::move(next_cache);
  timer.lap("markdown");

  graph::Graph graph = graph::build_graph(content, std::move(rendered), sink);
  timer.lap("graph");
  if (sink.has_errors()) return false;

  std::string template_sig = templates.signature();
  if (template_sig != caches_->render.templates_signature) {
    caches_->render.pages.clear();
    caches_->render.templates_signature = template_sig;
  }
  render::SiteFiles files = render::render_site(cfg, content, graph, templates, caches_->render, sink);
  timer.lap("render");
  if (sink.has_errors()) return false;
  if (!read_assets(options_.root, files.files, sink)) return false;
  timer.lap("assets");
  output.files = std::move(files.files);
  output.pages = files.pages;
  output.pages_rendered = caches_->render.rendered;
  return !(options_.strict && sink.warning_count() > 0);
}

Result run(const Options& options, diag::Sink& sink) {
  Result result;
  fs::path root = options.root;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    sink.error("", 0, 0, "no-root", "site root '" + options.root + "' is not a folder");
    result.usage_error = true;
    return result;
  }
  fs::path out = output_dir(options);
  if (options.write && !site::check_output_dir(root, out, options.force, sink)) {
    result.usage_error = true;
    return result;
  }
  Session session(options, /*remember=*/false);
  Output output;
  if (!session.generate(sink, output)) return result;
  result.pages_written = output.pages;
  if (!options.write) {
    result.ok = true;
    return result;
  }
  site::Staging staging(out);
  for (const auto& [path, data] : output.files)
    if (!staging.write(path, data, sink)) return result;
  if (!staging.commit(sink)) return result;
  result.ok = true;
  result.files_written = static_cast<int>(staging.files_written());
  return result;
}

}  // namespace kb::build
