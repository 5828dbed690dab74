#include "build/build.hpp"

#include <filesystem>

#include "config/site_config.hpp"
#include "content/load.hpp"
#include "graph/graph.hpp"
#include "links/mentions.hpp"
#include "markdown/render.hpp"
#include "render/pages.hpp"
#include "render/templates.hpp"
#include "site/paths.hpp"
#include "site/writer.hpp"
#include "util/text.hpp"

namespace kb::build {

namespace fs = std::filesystem;

namespace {

// Markdown stage: every page body, with links resolved against the permalinks of `content`.
std::vector<markdown::Rendered> render_markdown(const config::SiteConfig& cfg, const content::Content& content,
                                                diag::Sink& sink) {
  links::MentionMatcher matcher = links::MentionMatcher::from_content(content);
  std::vector<std::string> all_keys;
  for (const auto& p : content.pages) all_keys.push_back(p.key());

  std::vector<markdown::Rendered> out;
  out.reserve(content.pages.size());
  for (const auto& page : content.pages) {
    const std::string from = site::output_path(page.kind, page.id);
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
      return site::relative_url(from, site::output_path(target->kind, target->id)) + anchor;
    };
    // Texts get automatic mentions; entity descriptions link explicitly, so that an entity page
    // does not fill its own backlinks with itself.
    if (page.kind == "text") {
      hooks.find_mentions = [&](std::string_view text) {
        std::vector<markdown::MentionMatch> res;
        for (const auto& m : matcher.find(text)) {
          markdown::MentionMatch mm;
          mm.begin = m.begin;
          mm.end = m.end;
          mm.target_key = m.target_key;
          mm.title = m.title;
          mm.abbr = m.term ? m.term->abbr : false;
          bool link = m.term ? m.term->link : true;
          if (link && !m.target_key.empty()) {
            if (const content::Page* t = content.find(m.target_key))
              mm.href = site::relative_url(from, site::output_path(t->kind, t->id));
          }
          res.push_back(std::move(mm));
        }
        return res;
      };
    }
    markdown::Options opts;
    opts.allow_raw_html = cfg.allow_raw_html;
    opts.number_paragraphs = page.kind == "text" || page.kind == "collection";
    out.push_back(markdown::render(page.path, page.body, page.body_line, opts, hooks, sink));
  }
  return out;
}

bool copy_assets(const fs::path& root, site::Staging& staging, diag::Sink& sink) {
  fs::path assets = root / "assets";
  std::error_code ec;
  std::vector<fs::path> files;
  if (fs::is_directory(assets, ec)) {
    for (auto it = fs::recursive_directory_iterator(assets, ec); it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (ec) break;
      if (it->is_regular_file() && !it->is_symlink()) files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files)
    if (!staging.copy_file("assets/" + fs::relative(f, assets).generic_string(), f, sink)) return false;
  return staging.copy_file("assets/lunr.js", KB_LUNR_JS, sink);
}

}  // namespace

Result run(const Options& options, diag::Sink& sink) {
  Result result;
  fs::path root = options.root;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    sink.error("", 0, 0, "no-root", "site root '" + options.root + "' is not a folder");
    result.usage_error = true;
    return result;
  }
  fs::path out = options.out.empty() ? root / "site" : fs::path(options.out);
  if (options.write && !site::check_output_dir(root, out, options.force, sink)) {
    result.usage_error = true;
    return result;
  }

  config::SiteConfig cfg = config::load_site_config(options.root, sink);
  content::Content content = content::load_content(options.root, sink);
  render::Templates templates = render::Templates::load(options.root, sink);
  for (const char* required : {"layout", "text", "entity", "list", "home", "collection", "texts", "matrix", "search", "page"}) {
    if (!templates.exists(required))
      sink.error(std::string("templates/") + required + ".mustache", 0, 0, "missing-template",
                 std::string("template '") + required + "' not found");
  }
  if (sink.has_errors()) return result;

  std::vector<markdown::Rendered> rendered = render_markdown(cfg, content, sink);
  graph::Graph graph = graph::build_graph(content, std::move(rendered), sink);
  if (sink.has_errors()) return result;

  render::SiteFiles files = render::render_site(cfg, content, graph, templates, sink);
  if (sink.has_errors()) return result;
  if (options.strict && sink.warning_count() > 0) return result;
  if (!options.write) {
    result.ok = true;
    result.pages_written = files.pages;
    return result;
  }

  site::Staging staging(out);
  for (const auto& [path, data] : files.files)
    if (!staging.write(path, data, sink)) return result;
  if (!copy_assets(root, staging, sink)) return result;
  if (!staging.commit(sink)) return result;
  result.ok = true;
  result.pages_written = files.pages;
  result.files_written = static_cast<int>(staging.files_written());
  return result;
}

}  // namespace kb::build
