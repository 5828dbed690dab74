// One page's Markdown with its links resolved: explicit cross-references (KIND:ID#anchor, any
// kind of the schema) against the pages that exist, images against the site's assets, and
// automatic mentions from the matcher, all as relative URLs from the page's own output path.
// Texts and collections number their paragraphs.
#pragma once

#include <string>
#include <vector>

#include "config/site_config.hpp"
#include "content/model.hpp"
#include "diag/diagnostic.hpp"
#include "links/mentions.hpp"
#include "markdown/render.hpp"

namespace kb::links {

// `all_keys`: every page's key, for suggestions when a reference is unknown.
markdown::Rendered render_page(const std::string& root, const config::SiteConfig& cfg, const content::Content& content,
                               const MentionMatcher& matcher, const std::vector<std::string>& all_keys,
                               const content::Page& page, diag::Sink& sink);

}  // namespace kb::links
