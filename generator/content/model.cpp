#include "content/model.hpp"

namespace kb::content {

const std::vector<KindInfo>& kinds() {
  static const std::vector<KindInfo> all = {
      {"collection", "collections", "Collection", "Collections", {"title"},
       {"authors", "editors", "year", "publisher", "isbn", "order", "description"}},
      {"text", "texts", "Text", "Texts", {"title", "collection"},
       {"authors", "year", "publisher", "collection", "part", "chapter", "pages", "order", "source",
        "source_lines", "editions", "date", "origin", "description"}},
      {"mission", "missions", "Mission", "Missions", {"title"},
       {"acronym", "country", "type", "start", "end", "predecessor", "successor", "missions", "themes"}},
      {"theme", "themes", "Theme", "Themes", {"title"}, {"themes", "missions"}},
      {"mandate", "mandates", "Mandate", "Mandates", {"title", "number", "year"},
       {"number", "year", "date", "missions", "themes", "asks", "full_text", "documents"}},
      {"principle", "principles", "Principle", "Principles", {"title", "quote", "source"},
       {"quote", "source", "missions", "themes", "number"}},
      {"lesson", "lessons", "Lesson", "Lessons", {"title", "quote", "source"},
       {"quote", "source", "missions", "themes", "number"}},
      {"recommendation", "recommendations", "Recommendation", "Recommendations",
       {"title", "quote", "source"}, {"quote", "source", "missions", "themes", "number", "answers"}},
      {"document", "documents", "UN document", "UN documents", {"title", "symbol"},
       {"symbol", "year", "type", "url", "date", "missions", "themes"}},
  };
  return all;
}

const KindInfo* kind_by_folder(const std::string& folder) {
  for (const auto& k : kinds())
    if (k.folder == folder) return &k;
  return nullptr;
}

const KindInfo* kind_by_name(const std::string& kind) {
  for (const auto& k : kinds())
    if (k.kind == kind) return &k;
  return nullptr;
}

std::string Page::title() const { return str("title"); }

std::string Page::str(const std::string& field) const {
  if (!meta || !meta.IsMap()) return {};
  auto n = meta[field];
  if (!n || !n.IsScalar()) return {};
  return n.Scalar();
}

std::vector<std::string> Page::list(const std::string& field) const {
  std::vector<std::string> out;
  if (!meta || !meta.IsMap()) return out;
  auto n = meta[field];
  if (!n) return out;
  if (n.IsScalar()) {
    out.push_back(n.Scalar());
  } else if (n.IsSequence()) {
    for (const auto& item : n)
      if (item.IsScalar()) out.push_back(item.Scalar());
  }
  return out;
}

std::pair<int, int> Page::field_pos(const std::string& field) const {
  if (meta && meta.IsMap()) {
    for (const auto& kv : meta) {
      if (kv.first.Scalar() == field) {
        auto m = kv.second.Mark();
        if (m.line >= 0) return {meta_line + m.line, m.column + 1};
        auto k = kv.first.Mark();
        return {meta_line + k.line, k.column + 1};
      }
    }
  }
  return {meta_line > 0 ? meta_line - 1 : 1, 1};
}

const Page* Content::find(const std::string& key) const {
  auto it = by_key.find(key);
  return it == by_key.end() ? nullptr : &pages[it->second];
}

}  // namespace kb::content
