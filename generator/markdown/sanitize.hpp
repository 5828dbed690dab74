// Raw HTML that a site allows (`allow_raw_html: true`) is still filtered: an author may want a
// <details> or a <span class>, never something that runs. Tags outside a small safe set lose
// their markup; script, style and embedding elements lose their content too; event-handler and
// unknown attributes are dropped, and so are URLs with a scheme that runs code.
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

}  // namespace kb::markdown
