#include "content/model.hpp"

namespace kb::content {

std::string Page::title() const { return str("title"); }

const FieldValue* Page::field(const std::string& name) const {
  auto it = fields.find(name);
  return it == fields.end() ? nullptr : &it->second;
}

std::string Page::str(const std::string& name) const {
  const FieldValue* f = field(name);
  if (!f || f->list || f->items.empty()) return {};
  return f->items.front().text;
}

std::vector<std::string> Page::list(const std::string& name) const {
  std::vector<std::string> out;
  if (const FieldValue* f = field(name))
    for (const auto& item : f->items) out.push_back(item.text);
  return out;
}

std::pair<int, int> Page::field_pos(const std::string& name) const {
  if (const FieldValue* f = field(name)) return {f->line, f->col};
  return {meta_line > 0 ? meta_line - 1 : 1, 1};
}

const Page* Content::find(const std::string& key) const {
  auto it = by_key.find(key);
  return it == by_key.end() ? nullptr : &pages[it->second];
}

const Quote* Content::quote_of(const Page& page) const {
  const schema::Kind* k = kind_of(page);
  const schema::Field* f = k ? k->field_of_type(schema::Type::quote) : nullptr;
  const FieldValue* v = f ? page.field(f->name) : nullptr;
  return v && !v->quotes.empty() ? &v->quotes.front() : nullptr;
}

std::string Content::display_title(const Page& page) const {
  const schema::Kind* k = kind_of(page);
  if (k && !k->short_title.empty() && !page.str(k->short_title).empty()) return page.str(k->short_title);
  return page.title();
}

std::string Content::full_title(const Page& page) const {
  const std::string shown = display_title(page);
  return shown == page.title() ? shown : shown + " — " + page.title();
}

}  // namespace kb::content
