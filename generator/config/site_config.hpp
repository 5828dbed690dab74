// content/site.yaml → SiteConfig.
#pragma once

#include <string>

#include "diag/diagnostic.hpp"

namespace kb::config {

struct SiteConfig {
  std::string title = "Knowledge base";
  std::string description;
  std::string language = "en";
  std::string base_url;          // optional; only used for absolute links in sitemap.xml
  bool allow_raw_html = false;   // raw HTML in content is escaped unless this is set
};

// Reads ROOT/content/site.yaml; a missing file gives the defaults and a warning.
SiteConfig load_site_config(const std::string& root, diag::Sink& sink);

}  // namespace kb::config
