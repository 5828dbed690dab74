#include "config/site_config.hpp"

#include "markdown/sanitize.hpp"

#include <filesystem>

#include <yaml-cpp/yaml.h>

#include "util/file.hpp"
#include "util/text.hpp"
#include "util/yaml_file.hpp"

namespace kb::config {

namespace {
constexpr const char* kPath = "content/site.yaml";
}

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
  const std::optional<YAML::Node> parsed = util::parse_yaml_file(kPath, text, sink);
  if (!parsed) return cfg;
  const YAML::Node root_node = *parsed;
  if (root_node.IsNull()) return cfg;  // an empty file: every default
  if (!root_node.IsMap()) {
    sink.error(kPath, 1, 1, "bad-config", "site.yaml must be a mapping of settings");
    return cfg;
  }
  for (const auto& kv : root_node) {
    const std::string key = kv.first.Scalar();
    const auto& v = kv.second;
    auto mark = v.Mark();
    try {
      if (key == "title") cfg.title = v.as<std::string>();
      else if (key == "description") cfg.description = v.as<std::string>();
      else if (key == "language") cfg.language = v.as<std::string>();
      else if (key == "base_url") {
        cfg.base_url = v.as<std::string>();
        // Every sitemap entry starts with it: an absolute http(s) address, or nothing.
        const std::string scheme = markdown::url_scheme(cfg.base_url);
        if (!cfg.base_url.empty() && scheme != "http" && scheme != "https") {
          sink.error(kPath, mark.line + 1, mark.column + 1, "bad-url",
                     "base_url must be an absolute http or https address (or empty), not '" +
                         cfg.base_url.substr(0, 60) + "'");
          cfg.base_url.clear();
        }
      }
      else if (key == "allow_raw_html") cfg.allow_raw_html = v.as<bool>();
      else if (key == "search_examples") cfg.search_examples = v.as<std::vector<std::string>>();
      else {
        auto k = kv.first.Mark();
        std::string hint = util::closest(key, {"title", "description", "language", "base_url", "allow_raw_html", "search_examples"});
        sink.error(kPath, k.line + 1, k.column + 1, "unknown-field",
                   "unknown setting '" + key + "'" + (hint.empty() ? "" : " (did you mean '" + hint + "'?)"));
      }
    } catch (const YAML::Exception&) {
      sink.error(kPath, mark.line + 1, mark.column + 1, "bad-field", "setting '" + key + "' has the wrong type");
    }
  }
  return cfg;
}

}  // namespace kb::config
