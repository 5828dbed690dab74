// Parses the front matter of every content file with yaml-cpp (a node tree, what kbgen used until
// 2026-12), with Debian's libyaml (its document tree, and events only) and with kbgen's own reader
// (util/yaml_tree: libyaml's events into a tree), best of N runs each (issue 16). Prints "name ms"
// lines for bench/run.
//   kb_bench_yaml CONTENT_DIR [RUNS]
#include <yaml.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "util/file.hpp"
#include "util/yaml_tree.hpp"

namespace {

// The text between a file's opening "---" line and the next "---" line, as content/ has it.
std::string front_matter(const std::string& text) {
  if (text.rfind("---\n", 0) != 0) return {};
  const std::size_t end = text.find("\n---", 3);
  return end == std::string::npos ? std::string() : text.substr(4, end - 3);
}

double best_ms(int runs, const std::function<std::size_t()>& parse_all, std::size_t& checksum) {
  double best = 1e300;
  for (int r = 0; r < runs; ++r) {
    auto start = std::chrono::steady_clock::now();
    checksum = parse_all();
    best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

// A libyaml parser reading one block, released at the end of its scope.
struct LibyamlParser {
  yaml_parser_t parser;
  explicit LibyamlParser(const std::string& block) {
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(block.data()), block.size());
  }
  ~LibyamlParser() { yaml_parser_delete(&parser); }
  LibyamlParser(const LibyamlParser&) = delete;
  LibyamlParser& operator=(const LibyamlParser&) = delete;
};

std::size_t count_nodes(const YAML::Node& n) {
  std::size_t total = 1;
  if (n.IsMap())
    for (const auto& kv : n) total += count_nodes(kv.second);
  else if (n.IsSequence())
    for (const auto& item : n) total += count_nodes(item);
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: kb_bench_yaml CONTENT_DIR [RUNS]\n");
    return 2;
  }
  const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
  std::vector<std::string> blocks;
  std::size_t bytes = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(argv[1])) {
    if (!e.is_regular_file() || e.path().extension() != ".md") continue;
    std::string text;
    kb::util::read_file(e.path(), text);
    std::string fm = front_matter(text);
    if (fm.empty()) continue;
    bytes += fm.size();
    blocks.push_back(std::move(fm));
  }
  std::printf("blocks %zu\nbytes %zu\n", blocks.size(), bytes);

  std::size_t cpp_nodes = 0, doc_nodes = 0, events = 0;
  const double cpp = best_ms(runs, [&] {
    std::size_t n = 0;
    for (const auto& b : blocks) n += count_nodes(YAML::Load(b));
    return n;
  }, cpp_nodes);
  const double doc = best_ms(runs, [&] {
    std::size_t n = 0;
    for (const auto& b : blocks) {
      LibyamlParser p(b);
      yaml_document_t document;
      if (yaml_parser_load(&p.parser, &document)) {
        n += static_cast<std::size_t>(document.nodes.top - document.nodes.start);
        yaml_document_delete(&document);
      }
    }
    return n;
  }, doc_nodes);
  const double ev = best_ms(runs, [&] {
    std::size_t n = 0;
    for (const auto& b : blocks) {
      LibyamlParser p(b);
      for (bool done = false; !done;) {
        yaml_event_t event;
        if (!yaml_parser_parse(&p.parser, &event)) break;
        done = event.type == YAML_STREAM_END_EVENT;
        ++n;
        yaml_event_delete(&event);
      }
    }
    return n;
  }, events);
  std::size_t tree_nodes = 0;
  const double tree = best_ms(runs, [&] {
    std::size_t n = 0;
    for (const auto& b : blocks) {
      kb::util::yaml::Document document;
      kb::util::yaml::Error error;
      if (kb::util::yaml::parse(b, document, error)) n += document.nodes.size();
    }
    return n;
  }, tree_nodes);
  std::printf("yaml_cpp_ms %.2f\nyaml_cpp_nodes %zu\nlibyaml_document_ms %.2f\nlibyaml_document_nodes %zu\n"
              "libyaml_events_ms %.2f\nlibyaml_events %zu\nkbgen_tree_ms %.2f\nkbgen_tree_nodes %zu\n", cpp, cpp_nodes,
              doc, doc_nodes, ev, events, tree, tree_nodes);
  return 0;
}
