#include "config/site_config.hpp"

#include "markdown/sanitize.hpp"

#include <filesystem>
#include <optional>

#include "util/file.hpp"
#include "util/text.hpp"
#include "util/yaml_file.hpp"

namespace kb::config {

namespace {

using util::yaml::Node;

constexpr const char* kPath = "content/site.yaml";

// The settings are text, true or false, and lists of text; any other value has the wrong type.
std::optional<std::string> text_of(const Node& v) {
  if (!v.is_scalar()) return std::nullopt;
  return v.text;
}

std::optional<bool> flag_of(const Node& v) {
  if (v.is_scalar() && (v.text == "true" || v.text == "false")) return v.text == "true";
  return std::nullopt;
}

std::optional<std::vector<std::string>> texts_of(const Node& v) {
  if (!v.is_list()) return std::nullopt;
  std::vector<std::string> out;
  for (const Node* item : v.items) {
    if (!item->is_scalar()) return std::nullopt;
    out.push_back(item->text);
  }
  return out;
}

// Sets `setting` to `value`, if there is one: false when the value had the wrong type.
template <typename T>
bool set(const std::optional<T>& value, T& setting) {
  if (value) setting = *value;
  return value.has_value();
}

}  // namespace

std::string absolute_url(const SiteConfig& cfg, const std::string& path) {
  if (cfg.base_url.empty()) return {};
  return cfg.base_url + (cfg.base_url.back() == '/' ? "" : "/") + path;
}

SiteConfig load_site_config(const std::string& root, diag::Sink& sink) {
  SiteConfig cfg;
  std::filesystem::path file = std::filesystem::path(root) / kPath;
  std::string text;
  if (!util::read_file(file, text)) {
    sink.warning(kPath, 0, 0, "no-config", "no site configuration; using defaults");
    return cfg;
  }
  const std::optional<util::yaml::Document> parsed = util::parse_yaml_file(kPath, text, sink);
  if (!parsed) return cfg;
  const Node& root_node = *parsed->root;
  if (root_node.is_null()) return cfg;  // an empty file: every default
  if (!root_node.is_map()) {
    sink.error(kPath, 1, 1, "bad-config", "site.yaml must be a mapping of settings");
    return cfg;
  }
  for (const auto& [key_node, v] : root_node.entries) {
    const std::string& key = key_node->text;
    const int line = v->mark.line + 1;
    const int col = v->mark.column + 1;
    bool typed = true;  // the value has the setting's type
    if (key == "title") typed = set(text_of(*v), cfg.title);
    else if (key == "description") typed = set(text_of(*v), cfg.description);
    else if (key == "language") typed = set(text_of(*v), cfg.language);
    else if (key == "base_url") {
      typed = set(text_of(*v), cfg.base_url);
      // Every sitemap entry starts with it: an absolute http(s) address, or nothing.
      const std::string scheme = markdown::url_scheme(cfg.base_url);
      if (typed && !cfg.base_url.empty() && scheme != "http" && scheme != "https") {
        sink.error(kPath, line, col, "bad-url",
                   "base_url must be an absolute http or https address (or empty), not '" +
                       cfg.base_url.substr(0, 60) + "'");
        cfg.base_url.clear();
      }
    }
    else if (key == "allow_raw_html") typed = set(flag_of(*v), cfg.allow_raw_html);
    else if (key == "search_examples") typed = set(texts_of(*v), cfg.search_examples);
    else {
      std::string hint = util::closest(key, {"title", "description", "language", "base_url", "allow_raw_html", "search_examples"});
      sink.error(kPath, key_node->mark.line + 1, key_node->mark.column + 1, "unknown-field",
                 "unknown setting '" + key + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
    }
    if (!typed) sink.error(kPath, line, col, "bad-field", "setting '" + key + "' has the wrong type");
  }
  return cfg;
}

}  // namespace kb::config
