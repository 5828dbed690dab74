// A whole YAML file (site.yaml, schema.yaml, glossary.yaml) as a node: invalid UTF-8 and YAML
// syntax errors are reported at their line and column, and give nullopt.
#pragma once

#include <optional>
#include <string>

#include <yaml-cpp/yaml.h>

#include "diag/diagnostic.hpp"

namespace kb::util {

// `path` names the file in diagnostics; `text` is its content.
std::optional<YAML::Node> parse_yaml_file(const std::string& path, const std::string& text, diag::Sink& sink);

}  // namespace kb::util
