// The content model: what `content/` holds once loaded and validated. Later stages read it and
// never go back to the file system for content.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace kb::content {

// One kind of page: where its files live, which front-matter fields it takes.
struct KindInfo {
  std::string kind;      // "mission"
  std::string folder;    // "missions" (also the output folder)
  std::string label;     // "Mission"
  std::string plural;    // "Missions"
  std::vector<std::string> required;
  std::vector<std::string> allowed;  // besides the common ones (id, title, aliases, ...)
};

const std::vector<KindInfo>& kinds();
const KindInfo* kind_by_folder(const std::string& folder);
const KindInfo* kind_by_name(const std::string& kind);

struct Page {
  std::string path;   // relative to the site root: "content/missions/minusca.md"
  std::string kind;   // "home", "text", "mission", ...
  std::string id;     // unique per kind
  YAML::Node meta;    // validated front matter
  std::string meta_text;  // the front matter as written (cheap to compare between builds)
  int meta_line = 0;  // file line of the first YAML line
  std::string body;   // Markdown
  int body_line = 0;  // file line of the first body line

  std::string key() const { return kind + ":" + id; }
  std::string title() const;
  std::string str(const std::string& field) const;               // "" when absent
  std::vector<std::string> list(const std::string& field) const;  // [] when absent
  // File position of a front-matter field (its value), for diagnostics.
  std::pair<int, int> field_pos(const std::string& field) const;
};

struct GlossaryEntry {
  std::string acronym;
  std::string expansion;
  int line = 0;
};

struct Content {
  std::vector<Page> pages;  // sorted by path
  std::vector<GlossaryEntry> glossary;
  std::map<std::string, std::size_t> by_key;  // "mission:minusca" -> index in pages

  const Page* find(const std::string& key) const;
};

}  // namespace kb::content
