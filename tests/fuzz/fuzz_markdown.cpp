// libFuzzer target: Markdown rendering (kb::markdown::render) with link and mention hooks like
// the build's, plus the raw HTML filter, in both raw-HTML modes.
#include <cstddef>
#include <cstdint>
#include <string>

#include "markdown/render.hpp"
#include "markdown/sanitize.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool raw = data[0] & 1;
  std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);

  kb::markdown::Hooks hooks;
  hooks.resolve_link = [](const std::string& url, int, int) -> std::optional<std::string> {
    if (url.size() % 3 == 0) return std::nullopt;  // some references are unknown
    return "../missions/x.html" + url.substr(url.find('#') == std::string::npos ? url.size() : url.find('#'));
  };
  // Mentions wherever "UN" occurs, with offsets checked by the renderer.
  hooks.find_mentions = [](std::string_view text) {
    std::vector<kb::markdown::MentionMatch> out;
    for (std::size_t at = text.find("UN"); at != std::string_view::npos; at = text.find("UN", at + 1)) {
      kb::markdown::MentionMatch m;
      m.begin = at;
      m.end = at + 2;
      m.target_key = "mission:un";
      m.href = "../missions/un.html";
      m.title = "United <Nations>";
      m.abbr = at % 2 == 0;
      out.push_back(m);
    }
    return out;
  };
  kb::markdown::Options options;
  options.allow_raw_html = raw;
  options.number_paragraphs = data[0] & 2;
  options.link_schemes = {"mission", "text", "page"};
  kb::diag::Sink sink;
  kb::markdown::Rendered r = kb::markdown::render("content/texts/t.md", body, 5, options, hooks, sink);
  if (!raw && r.html.find("<script") != std::string::npos) __builtin_trap();
  (void)kb::markdown::plain_text(body);
  std::string clean = kb::markdown::sanitize_html(body);
  if (clean.find("<script") != std::string::npos) __builtin_trap();
  return 0;
}
