// Renders Markdown examples with kbgen's renderer as a CommonMark test runner needs them: raw
// HTML allowed (through the site's filter), no paragraph anchors, no hooks (no site to link
// into). Reads a JSON array of Markdown strings on stdin and writes the JSON array of their HTML,
// so that one process renders a whole spec.
//   kb_md_spec < examples.json > html.json
#include <iostream>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

#include "markdown/render.hpp"

int main() {
  std::string input((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  nlohmann::json examples = nlohmann::json::parse(input);
  nlohmann::json out = nlohmann::json::array();
  kb::markdown::Options options;
  options.allow_raw_html = true;
  options.number_paragraphs = false;
  for (const auto& example : examples) {
    kb::diag::Sink sink;
    kb::markdown::Rendered r = kb::markdown::render("example.md", example.get<std::string>(), 1, options, {}, sink);
    out.push_back(r.html);
  }
  std::cout << out.dump() << "\n";
  return 0;
}
