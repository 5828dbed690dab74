// Raw HTML that a site allows (`allow_raw_html: true`) is still filtered: an author may want a
// <details> or a <span class>, never something that runs. Tags outside a small safe set lose
// their markup; script, style and embedding elements lose their content too; event-handler and
// unknown attributes are dropped, and so are URLs with a scheme that runs code and the `id` and
// `name` attributes, with which content could take over the site's own element ids.
#pragma once

#include <string>
#include <string_view>

namespace kb::markdown {

// The HTML fragment with only safe tags, attributes and URLs left. Text passes through; a '<'
// that does not start a well-formed tag is escaped.
std::string sanitize_html(std::string_view html);

// False for javascript:, vbscript: and data: URLs other than images, however they are spelled
// (case, entities, whitespace or control characters that browsers ignore).
bool is_safe_url(std::string_view url);

// The URL's scheme as a browser reads it (lowercase; character references decoded, ignored
// whitespace and control characters removed), or "" for a relative URL.
std::string url_scheme(std::string_view url);

// For addresses written outside Markdown (front matter, site.yaml), which become links on every
// page that shows them: true only for http, https, mailto and relative URLs.
bool is_web_url(std::string_view url);

}  // namespace kb::markdown
