#include "render/templates.hpp"

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <regex>
#include <set>

#include <kainjow/mustache.hpp>

#include "util/data_dir.hpp"
#include "util/file.hpp"
#include "util/text.hpp"

namespace kb::render {

namespace fs = std::filesystem;
namespace mst = kainjow::mustache;

namespace {

// kainjow's data copies whatever it is constructed from, so values are moved into place one by
// one: into an object through operator[], into a list through its elements (the list is made
// with placeholders first; kainjow gives no other way to move into one).
mst::data to_data(const nlohmann::json& j) {
  switch (j.type()) {
    case nlohmann::json::value_t::object: {
      mst::data obj(mst::data::type::object);
      for (auto it = j.begin(); it != j.end(); ++it) obj[it.key()] = to_data(it.value());
      return obj;
    }
    case nlohmann::json::value_t::array: {
      mst::data list(mst::list(j.size(), mst::data(false)));
      // The elements belong to the list just made, which is not const: writing them is defined.
      auto& items = const_cast<mst::list&>(list.list_value());
      for (std::size_t i = 0; i < j.size(); ++i) items[i] = to_data(j[i]);
      return list;
    }
    case nlohmann::json::value_t::string:
      // Mustache sections treat any string as true; an empty value should hide its section.
      if (j.get_ref<const std::string&>().empty()) return mst::data(false);
      return mst::data(j.get_ref<const std::string&>());
    case nlohmann::json::value_t::boolean:
      return mst::data(j.get<bool>());
    case nlohmann::json::value_t::null:
      return mst::data(false);
    default:
      return mst::data(j.dump());
  }
}

// kainjow reports "... at N" with N a byte offset; readers want a line and column.
void report_template_error(const std::string& rel, const std::string& text, const std::string& message,
                           diag::Sink& sink) {
  static const std::regex at(R"( at (\d+)$)");
  std::smatch m;
  if (std::regex_search(message, m, at)) {
    auto lc = util::line_col_at(text, std::stoul(m[1]));
    sink.error(rel, lc.line, lc.col, "template-error", message.substr(0, static_cast<std::size_t>(m.position(0))));
  } else {
    sink.error(rel, 0, 0, "template-error", message);
  }
}

void load_dir(const fs::path& dir, std::map<std::string, std::string>& into, std::set<std::string>& broken,
              const std::string& rel_prefix, diag::Sink& sink) {
  std::error_code ec;
  if (fs::is_symlink(dir, ec)) {
    sink.warning(rel_prefix.substr(0, rel_prefix.size() - 1), 0, 0, "symlink", "symbolic links are not followed");
    return;
  }
  if (!fs::is_directory(dir, ec)) return;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.is_symlink()) {
      sink.warning(rel_prefix + entry.path().filename().string(), 0, 0, "symlink",
                   "symbolic links in templates/ are not followed");
      continue;
    }
    if (!entry.is_regular_file() || entry.path().extension() != ".mustache") continue;
    std::string text;
    util::read_file(entry.path(), text);
    std::string rel = rel_prefix + entry.path().filename().string();
    if (auto bad = util::find_invalid_utf8(text)) {
      auto lc = util::line_col_at(text, *bad);
      sink.error(rel, lc.line, lc.col, "invalid-utf8", "invalid UTF-8 byte sequence");
      continue;
    }
    mst::mustache check(text);
    if (!check.is_valid()) {
      report_template_error(rel, text, check.error_message(), sink);
      broken.insert(entry.path().stem().string());
      continue;
    }
    into[entry.path().stem().string()] = text;
  }
}

// `text` with each partial tag ({{> name}}) replaced by the partial's text, itself expanded:
// kainjow parses a partial again at every use, which cost a tenth of a build. kainjow applies no
// standalone-line rule to partials, so the text in place renders the same. A partial that
// includes itself, directly or not, keeps its tag from there on.
std::string expand_partials(const std::string& text, const std::map<std::string, std::string>& partials,
                            std::vector<std::string>& open) {
  static const std::regex tag(R"(\{\{>\s*([^}\s]+)\s*\}\})");
  std::string out;
  auto last = text.cbegin();
  for (std::sregex_iterator it(text.begin(), text.end(), tag), end; it != end; ++it) {
    const std::string name = (*it)[1];
    auto partial = partials.find(name);
    const bool recursive = std::find(open.begin(), open.end(), name) != open.end();
    out.append(last, (*it)[0].first);
    if (partial == partials.end() || recursive) {
      out += it->str();
    } else {
      open.push_back(name);
      out += expand_partials(partial->second, partials, open);
      open.pop_back();
    }
    last = (*it)[0].second;
  }
  out.append(last, text.cend());
  return out;
}

}  // namespace

Templates Templates::load(const std::string& root, diag::Sink& sink) {
  Templates t;
  fs::path dir = fs::path(root) / "templates";
  std::error_code ec;
  // A site without templates of its own uses the installed defaults. A link in their place is
  // not followed (nothing outside the site root is read).
  // A site's own templates replace the installed ones file by file: a template the site does not
  // have (one a newer kbgen added, say) comes from the defaults.
  const bool linked = fs::is_symlink(dir, ec);
  if (linked) sink.warning("templates", 0, 0, "symlink", "symbolic links in the site root are not followed; templates/ is one");
  const bool own = !linked && fs::is_directory(dir, ec);
  const fs::path defaults = util::data_dir().empty() ? fs::path() : util::data_dir() / "templates";
  if (!own && (defaults.empty() || !fs::is_directory(defaults, ec))) {
    sink.error("templates", 0, 0, "missing-template", "no templates/ folder in the site root");
    return t;
  }
  if (!defaults.empty() && fs::is_directory(defaults, ec)) {
    load_dir(defaults, t.templates_, t.broken_, "templates/", sink);
    load_dir(defaults / "partials", t.partials_, t.broken_, "templates/partials/", sink);
  }
  if (own) {
    load_dir(dir, t.templates_, t.broken_, "templates/", sink);
    load_dir(dir / "partials", t.partials_, t.broken_, "templates/partials/", sink);
  }
  return t;
}

Templates Templates::from_strings(std::map<std::string, std::string> templates,
                                  std::map<std::string, std::string> partials) {
  Templates t;
  t.templates_ = std::move(templates);
  t.partials_ = std::move(partials);
  return t;
}

// Renders template `name`, parsed once (into `own`, or the shared set under its lock) and kept
// for the following pages; reports kainjow's errors against its file.
std::string Templates::render_with(const std::string& name, const mst::data& data, diag::Sink& sink, Parsed* own) const {
  std::unique_lock<std::mutex> lock;
  if (!own) {
    lock = std::unique_lock<std::mutex>(compiled_->mutex);
    own = &compiled_->parsed;
  }
  auto& tmpl = own->templates[name];
  if (!tmpl) {
    std::vector<std::string> open;
    tmpl = std::make_unique<mst::mustache>(expand_partials(templates_.at(name), partials_, open));
    // kainjow's own escape appends one character at a time (a twentieth of a build); this one
    // gives the same entities.
    tmpl->set_custom_escape([](const std::string& s) { return util::html_escape(s, "&apos;"); });
  }
  std::string out;
  std::size_t& last_size = own->last_size[name];
  out.reserve(last_size + last_size / 4);
  tmpl->render(data, [&out](const std::string& piece) { out += piece; });
  last_size = out.size();
  if (!tmpl->is_valid()) {
    sink.error("templates/" + name + ".mustache", 0, 0, "template-error", tmpl->error_message());
    return {};
  }
  return out;
}

bool Templates::prepare(const nlohmann::json& view, const std::string& name, mst::data& data, diag::Sink& sink) const {
  if (!templates_.count(name)) {
    sink.error("templates/" + name + ".mustache", 0, 0, "missing-template", "template '" + name + "' not found");
    return false;
  }
  data = to_data(view);
  // Mustache looks partials up among the view's own names, so a clash would silently render
  // the wrong thing.
  for (const auto& [pname, ptext] : partials_) {
    if (view.contains(pname)) {
      // One report per partial, not one per page.
      std::lock_guard<std::mutex> lock(clashes_->mutex);
      if (!clashes_->reported.insert(pname).second) return false;
      sink.error("templates/partials/" + pname + ".mustache", 0, 0, "template-error",
                 "partial '" + pname + "' has the same name as a view field; rename the partial");
      return false;
    }
    data.set(pname, mst::data(ptext));
  }
  return true;
}

std::string Templates::signature() const {
  std::string sig;
  for (const auto& [name, text] : templates_) sig += name + "\n" + text + "\n\x01";
  for (const auto& [name, text] : partials_) sig += "partial " + name + "\n" + text + "\n\x01";
  return sig;
}

std::string Templates::render(const std::string& name, const nlohmann::json& view, diag::Sink& sink) const {
  mst::data data;
  if (!prepare(view, name, data, sink)) return {};
  return render_with(name, data, sink);
}

std::string Templates::render_page(const std::string& name, const nlohmann::json& view, diag::Sink& sink,
                                   Parsed* own) const {
  mst::data data;
  if (!prepare(view, name, data, sink) || !templates_.count("layout")) return {};
  std::string main = render_with(name, data, sink, own);
  data.set("main", mst::data(std::move(main)));
  return render_with("layout", data, sink, own);
}

}  // namespace kb::render
