// libFuzzer target: the mention matcher (kb::links::MentionMatcher) over arbitrary text, with a
// small fixed knowledge base (missions, acronyms, mandates, documents, a glossary).
#include <cstddef>
#include <cstdint>
#include <string>

#include "content/load.hpp"
#include "links/mentions.hpp"
#include "util/file.hpp"

namespace {

kb::content::Content* building = nullptr;

kb::content::Page page(const std::string& kind, const std::string& id, const std::string& yaml) {
  kb::content::Page p;
  kb::diag::Sink sink;
  if (!kb::content::parse_page("content/" + kind + "s/" + id + ".md", "---\n" + yaml + "\n---\n", building->schema, p, sink))
    __builtin_trap();
  return p;
}

const kb::links::MentionMatcher& matcher() {
  static const kb::links::MentionMatcher m = [] {
    kb::content::Content c;
    std::string text;
    kb::util::read_file(KB_SCHEMA_PATH, text);  // the knowledge base's schema (tests/fixtures/schema.yaml)
    kb::diag::Sink sink;
    c.schema = kb::schema::parse_schema("schema.yaml", text, sink);
    building = &c;
    c.pages = {
        page("mission", "minusca", "{title: \"United Nations Multidimensional Integrated Stabilization Mission in the "
                                   "Central African Republic\", acronym: MINUSCA, aliases: [BINUCA]}"),
        page("mission", "monusco", "{title: \"MONUSCO\", acronym: MONUSCO, aliases: [MONUC, \"Mission de l’ONU\"]}"),
        page("theme", "gender", "{title: \"Gender\", aliases: [\"gender equality\", women]}"),
        page("mandate", "res-2151", "{title: \"Resolution 2151 (2014)\", number: 2151, year: 2014}"),
        page("mandate", "res-1325", "{title: \"Resolution 1325 (2000)\", number: 1325, year: 2000}"),
        page("document", "s-2013-480", "{title: \"Report\", symbol: S/2013/480}"),
    };
    for (std::size_t i = 0; i < c.pages.size(); ++i) c.by_key[c.pages[i].key()] = i;
    c.glossary = {{"SSR", "security sector reform", 1}, {"DDR", "disarmament, demobilization and reintegration", 2}};
    return kb::links::MentionMatcher::from_content(c);
  }();
  return m;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto& m : matcher().find(text)) {
    // Every match is a non-empty range inside the text.
    if (m.begin >= m.end || m.end > size) __builtin_trap();
  }
  (void)kb::links::normalise_for_matching(text);
  (void)kb::links::document_id(text);
  return 0;
}
