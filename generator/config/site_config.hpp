// content/site.yaml → SiteConfig.
#pragma once

#include <string>
#include <vector>

#include "diag/diagnostic.hpp"

namespace kb::config {

struct SiteConfig {
  std::string title = "Knowledge base";
  std::string description;
  std::string language = "en";
  std::string base_url;          // optional: absolute links in sitemap.xml and in citations
  bool allow_raw_html = false;   // raw HTML in content is escaped unless this is set
  std::vector<std::string> search_examples;  // searches the home page offers to try
};

// The absolute address of `path` (relative to the site root), or "" without a base URL.
std::string absolute_url(const SiteConfig& cfg, const std::string& path);

// Reads ROOT/content/site.yaml; a missing file gives the defaults and a warning.
SiteConfig load_site_config(const std::string& root, diag::Sink& sink);

}  // namespace kb::config
