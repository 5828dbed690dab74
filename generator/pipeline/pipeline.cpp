#include "pipeline/pipeline.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>

#include <sys/resource.h>
#include <unistd.h>

#include "config/site_config.hpp"
#include "content/load.hpp"
#include "graph/graph.hpp"
#include "links/mentions.hpp"
#include "markdown/render.hpp"
#include "render/pages.hpp"
#include "render/reads.hpp"
#include "render/templates.hpp"
#include "exports/exports.hpp"
#include "links/page_links.hpp"
#include "search/stage.hpp"
#include "site/assets.hpp"
#include "site/writer.hpp"
#include "util/file.hpp"
#include "util/parallel.hpp"
#include "util/text.hpp"

namespace kb::pipeline {

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

}  // namespace

struct Session::Caches {
  struct MarkdownEntry {
    std::string body;
    std::string meta;  // the page's front matter, which the render options depend on
    std::shared_ptr<const markdown::Rendered> rendered;
    std::vector<diag::Diagnostic> diagnostics;
  };
  content::LoadCache load;
  std::string markdown_context;
  std::map<std::string, MarkdownEntry> markdown;  // by page path
  // The last run's graph, updated by the next run once the last run's search stage lets go of it.
  std::shared_ptr<graph::Graph> graph;
  render::RenderCache render;
  search::StageCache search;
};

// The search stage of one run, on a thread of its own: it keeps the run's content and graph.
// Its files are kept for search_files() or, in a one-off build, streamed out as they are made.
struct Session::Search {
  std::shared_ptr<const content::Content> content;
  std::shared_ptr<const graph::Graph> graph;
  diag::Sink sink;
  site::Files files;                  // kept
  std::vector<std::string> streamed;  // the paths of those streamed
  util::Background<void> done;
};

Session::Session(Options options, bool remember)
    : options_(std::move(options)), remember_(remember), caches_(std::make_unique<Caches>()) {
  caches_->render.enabled = remember;
  caches_->search.enabled = remember;
}
Session::~Session() {
  if (search_) search_->done.wait();  // it writes into the caches
}

bool Session::search_files(diag::Sink& sink, site::Files& files, std::vector<std::string>* paths) {
  if (!search_) return true;
  std::unique_ptr<Search> search = std::move(search_);
  search->done.get();
  for (auto& [path, bytes] : search->files) {
    if (paths) paths->push_back(path);
    files[path] = std::move(bytes);
  }
  if (paths) paths->insert(paths->end(), search->streamed.begin(), search->streamed.end());
  // A streamed search file replaces a site's own file of its path, as a kept one does.
  for (const std::string& path : search->streamed) files.erase(path);
  sink.merge(search->sink);
  return !sink.has_errors();
}

std::string output_dir(const Options& options) {
  return options.out.empty() ? (fs::path(options.root) / "site").string() : options.out;
}

namespace {

// KB_TIMINGS=1 prints how long each stage took, for profiling rebuilds, the processor time
// the whole process spent meanwhile (all its threads: twice the stage's time when it kept two
// cores busy) and its resident memory at the end of the stage (Linux; fresh memory is costly:
// the kernel zeroes every page first touched).
class StageTimer {
 public:
  StageTimer()
      : enabled_(std::getenv("KB_TIMINGS") != nullptr), last_(std::chrono::steady_clock::now()), last_cpu_(cpu_ms()) {}
  void lap(const char* stage) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    const double cpu = cpu_ms();
    std::fprintf(stderr, "  %-10s %7.1f ms  (processor %.1f ms, resident %ld MB)\n", stage,
                 std::chrono::duration<double, std::milli>(now - last_).count(), cpu - last_cpu_, resident_mb());
    last_ = now;
    last_cpu_ = cpu;
  }

 private:
  static double cpu_ms() {
    struct ::rusage usage {};
    ::getrusage(RUSAGE_SELF, &usage);
    auto ms = [](const ::timeval& t) { return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
  }

  static long resident_mb() {
    long pages = 0, resident = 0;
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
      if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
      std::fclose(f);
    }
    return resident * ::sysconf(_SC_PAGESIZE) / (1024 * 1024);
  }

  bool enabled_;
  std::chrono::steady_clock::time_point last_;
  double last_cpu_;
};

}  // namespace

bool Session::generate(diag::Sink& sink, Output& output) {
  if (search_) search_->done.wait();  // the last run's, never taken: its cache must be complete
  search_.reset();
  StageTimer timer;
  config::SiteConfig cfg = config::load_site_config(options_.root, sink);
  auto shared_content =
      std::make_shared<const content::Content>(content::load_content(options_.root, sink, remember_ ? &caches_->load : nullptr));
  const content::Content& content = *shared_content;
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
  std::vector<std::shared_ptr<const markdown::Rendered>> rendered(n);
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
  util::parallel_for(todo.size(), [&](std::size_t k, std::size_t) {
    const std::size_t i = todo[k];
    markdown::Rendered r = links::render_page(options_.root, cfg, content, matcher, all_keys, content.pages[i], page_sinks[i]);
    if (remember_) r.digest = render::digest(r);  // views' reads are checked against it
    rendered[i] = std::make_shared<const markdown::Rendered>(std::move(r));
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

  std::shared_ptr<graph::Graph> built = std::move(caches_->graph);
  if (!built || built.use_count() > 1) built = std::make_shared<graph::Graph>();
  graph::rebuild_graph(*built, content, std::move(rendered), sink);
  if (remember_) caches_->graph = built;
  std::shared_ptr<const graph::Graph> shared_graph = std::move(built);
  const graph::Graph& graph = *shared_graph;
  timer.lap("graph");
  if (sink.has_errors()) return false;

  std::string template_sig = templates.signature();
  if (template_sig != caches_->render.templates_signature) {
    caches_->render.pages.clear();
    caches_->render.templates_signature = template_sig;
  }
  // The search files are the slowest single output: built on the other core meanwhile, or, when
  // they may follow the pages (serve), once the pages are made, leaving them both cores.
  auto start_search = [&] {
    search_ = std::make_unique<Search>();
    search_->content = shared_content;
    search_->graph = shared_graph;
    // Streamed only beside the pages: a file that follows them is published with them.
    search::FileSink emit = [search = search_.get()](std::string path, std::string bytes) {
      search->files[std::move(path)] = std::move(bytes);
    };
    if (output.stream && !output.search_later)
      emit = [search = search_.get(), &output](std::string path, std::string bytes) {
        search->streamed.push_back(path);
        output.stream(path, std::move(bytes));
      };
    search_->done = util::Background([search = search_.get(), cache = &caches_->search, emit = std::move(emit)] {
      search::search_files(*search->content, *search->graph, *cache, search->sink, emit);
    });
  };
  if (!output.search_later) start_search();
  // A site's own asset replaces a page of the same path, so the assets are known first.
  std::map<std::string, std::string> assets;
  diag::Sink asset_sink;
  site::read_assets(options_.root, assets, asset_sink);
  render::FileStream stream;
  if (output.stream)
    stream = [&](const std::string& path, std::string bytes) {
      if (!assets.count(path)) output.stream(path, std::move(bytes));
    };
  // The data exports read only the content and the graph: made meanwhile too.
  util::Background data_files([&] { return exports::data_files(content, graph); });
  render::SiteFiles files = render::render_site(cfg, content, graph, templates, caches_->render, sink, stream);
  timer.lap("render");
  if (output.search_later) start_search();
  std::map<std::string, std::string> data = data_files.get();
  if (std::string sitemap = exports::sitemap(cfg, files.paths); !sitemap.empty()) data["sitemap.xml"] = sitemap;
  // A page replaces a data file of the same path; an asset replaces either.
  for (auto& [path, bytes] : data)
    if (!files.paths.count(path)) files.files.emplace(path, std::move(bytes));
  for (auto& [path, bytes] : assets) files.files[path] = std::move(bytes);
  sink.merge(asset_sink);
  // The search stage's scripts replace a site's own files of those names.
  if (!output.search_later) {
    search_files(sink, files.files, &output.search_paths);
    timer.lap("search");
  }
  if (sink.has_errors()) return false;
  output.files = std::move(files.files);
  output.pages = files.pages;
  output.pages_rendered = caches_->render.rendered;
  output.views_built = caches_->render.views_built;
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
  if (!options.write) {
    if (!session.generate(sink, output)) return result;
    result.pages_written = output.pages;
    result.ok = true;
    return result;
  }
  // Pages go into the staging folder as they are rendered (written on a thread of their own);
  // it replaces the output folder only if the whole build succeeds, and is removed otherwise.
  site::Staging staging(out);
  site::QueuedWriter writer(staging);
  output.stream = [&](const std::string& path, std::string bytes) { writer.write(path, std::move(bytes)); };
  const bool generated = session.generate(sink, output);
  if (!writer.finish(sink) || !generated) return result;
  result.pages_written = output.pages;
  for (const auto& [path, data] : output.files)
    if (!staging.write(path, data, sink)) return result;
  if (!staging.commit(sink)) return result;
  result.ok = true;
  result.files_written = static_cast<int>(staging.files_written());
  return result;
}

}  // namespace kb::pipeline
