// libFuzzer target, differential: whatever the raw-HTML filter (kb::markdown::sanitize_html)
// keeps is parsed again by an HTML5 parser that reads markup as browsers do (Debian's gumbo,
// which decodes character references by the standard's rules), and that tree must hold nothing
// that runs: no script-capable element, no event handler or style attribute, no URL whose scheme
// runs code, no id or name that could take over the site's own.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <gumbo.h>

#include "markdown/sanitize.hpp"

namespace {

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// The scheme as the URL standard reads it: leading and trailing C0 controls and spaces stripped,
// tabs and newlines removed anywhere, then everything before the first ':' if it is a scheme.
std::string scheme_of(std::string_view url) {
  std::size_t b = 0, e = url.size();
  while (b < e && static_cast<unsigned char>(url[b]) <= 0x20) ++b;
  while (e > b && static_cast<unsigned char>(url[e - 1]) <= 0x20) --e;
  std::string compact;
  for (char c : url.substr(b, e - b))
    if (c != '\t' && c != '\n' && c != '\r') compact += c;
  std::size_t colon = compact.find(':');
  if (colon == std::string::npos || colon == 0) return {};
  for (std::size_t i = 0; i < colon; ++i) {
    char c = compact[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
    if (!ok) return {};
  }
  return lowercase(std::string_view(compact).substr(0, colon + 1)) + lowercase(std::string_view(compact).substr(colon + 1, 16));
}

bool runs_code(std::string_view url) {
  std::string s = scheme_of(url);
  if (s.rfind("javascript:", 0) == 0 || s.rfind("vbscript:", 0) == 0 || s.rfind("livescript:", 0) == 0) return true;
  if (s.rfind("data:", 0) == 0) return s.rfind("data:image/", 0) != 0 || s.rfind("data:image/svg", 0) == 0;
  return false;
}

void check(const GumboNode* node) {
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return;
  const GumboElement& el = node->v.element;
  static const GumboTag kForbidden[] = {GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE,   GUMBO_TAG_IFRAME,   GUMBO_TAG_OBJECT,
                                        GUMBO_TAG_EMBED,  GUMBO_TAG_FRAME,   GUMBO_TAG_FRAMESET, GUMBO_TAG_SVG,
                                        GUMBO_TAG_MATH,   GUMBO_TAG_BASE,    GUMBO_TAG_FORM,     GUMBO_TAG_META,
                                        GUMBO_TAG_LINK,   GUMBO_TAG_TEMPLATE, GUMBO_TAG_INPUT,   GUMBO_TAG_BUTTON,
                                        GUMBO_TAG_TEXTAREA, GUMBO_TAG_SELECT, GUMBO_TAG_APPLET,  GUMBO_TAG_NOSCRIPT};
  for (GumboTag t : kForbidden)
    if (el.tag == t) __builtin_trap();
  if (el.tag_namespace != GUMBO_NAMESPACE_HTML) __builtin_trap();
  for (unsigned i = 0; i < el.attributes.length; ++i) {
    const auto* a = static_cast<const GumboAttribute*>(el.attributes.data[i]);
    std::string name = lowercase(a->name);
    if (name.rfind("on", 0) == 0 || name == "style" || name == "id" || name == "name" || name == "srcdoc" ||
        name == "formaction" || name == "action" || name == "xmlns" || name.find(':') != std::string::npos)
      __builtin_trap();
    if ((name == "href" || name == "src" || name == "cite" || name == "poster" || name == "background" ||
         name == "data" || name == "srcset") && runs_code(a->value))
      __builtin_trap();
  }
  for (unsigned i = 0; i < el.children.length; ++i) check(static_cast<const GumboNode*>(el.children.data[i]));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string clean = kb::markdown::sanitize_html(std::string_view(reinterpret_cast<const char*>(data), size));
  // What the site does with the filter's output: it becomes part of a page's body.
  std::string page = "<!DOCTYPE html><html><head><title>t</title></head><body><main>" + clean + "</main></body></html>";
  GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, page.data(), page.size());
  check(out->root);
  gumbo_destroy_output(&kGumboDefaultOptions, out);
  return 0;
}
