#include "links/page_links.hpp"

#include "links/mentions.hpp"
#include "site/assets.hpp"
#include "site/paths.hpp"
#include "site/writer.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

namespace kb::links {

markdown::Rendered render_page(const std::string& root, const config::SiteConfig& cfg, const content::Content& content,
                               const MentionMatcher& matcher, const std::vector<std::string>& all_keys,
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
    if (!site::asset_exists(root, file)) {
      std::string link = site::is_safe_relative(file) ? util::first_symlink(root, file) : "";
      sink.error(page.path, line, col, "missing-asset",
                 link.empty() ? "'" + file + "' not found in the site root's assets/ folder"
                              : "'" + file + "' is reached through a symbolic link ('" + link +
                                    "'), which is not published; copy the file into assets/");
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

}  // namespace kb::links
