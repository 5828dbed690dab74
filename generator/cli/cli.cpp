#include "cli/cli.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "pipeline/pipeline.hpp"
#include "diag/diagnostic.hpp"
#include "importer/import_command.hpp"
#include "search/lunr_command.hpp"
#include "util/data_dir.hpp"

namespace kb::cli {

namespace {

void print_diagnostics(const diag::Sink& sink) {
  for (const auto& d : sink.sorted()) std::cerr << diag::format(d) << "\n";
}

// `--format json`: the diagnostics and the summary on stdout, for editors and CI.
void print_json(const diag::Sink& sink, const pipeline::Result& r, bool failed) {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& d : sink.sorted()) {
    list.push_back({{"path", d.path}, {"line", d.line}, {"col", d.col},
                    {"severity", d.severity == diag::Severity::Error ? "error" : "warning"},
                    {"code", d.code}, {"message", d.message}});
  }
  nlohmann::json out = {{"diagnostics", list},
                        {"errors", sink.error_count()},
                        {"warnings", sink.warning_count()},
                        {"pages", r.pages_written},
                        {"ok", !failed}};
  std::cout << out.dump(2) << "\n";
}

int build_command(const pipeline::Options& options, bool check_only, const std::string& format = "text") {
  auto start = std::chrono::steady_clock::now();
  diag::Sink sink;
  pipeline::Result r = pipeline::run(options, sink);
  if (format == "json") {
    bool failed = !r.ok || sink.has_errors() || (options.strict && sink.warning_count() > 0);
    print_json(sink, r, failed);
    return r.usage_error ? 2 : failed ? 1 : 0;
  }
  print_diagnostics(sink);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  char time[32];
  std::snprintf(time, sizeof time, "%.0f ms", ms);
  bool failed = !r.ok || sink.has_errors() || (options.strict && sink.warning_count() > 0);
  std::cerr << (check_only ? "checked " : "built ") << r.pages_written << " pages"
            << (check_only ? "" : " (" + std::to_string(r.files_written) + " files)") << ", "
            << sink.warning_count() << " warnings, " << sink.error_count() << " errors in " << time
            << (failed ? "; nothing was written" : "") << "\n";
  if (r.usage_error) return 2;
  return failed ? 1 : 0;
}

// `kbgen check --relations`: for maintainers, what the texts do not state. Every relation and
// value that needs evidence is counted per field, and the editorial ones are listed under their
// reason (one reason, all the relations it covers), from the site's own data/graph.json.
int relations_report(const pipeline::Options& options) {
  diag::Sink sink;
  pipeline::Session session(options, /*remember=*/false);
  pipeline::Output out;
  const bool ok = session.generate(sink, out);
  print_diagnostics(sink);
  if (!ok || sink.has_errors()) {
    std::cerr << "checked nothing: " << sink.error_count() << " errors\n";
    return 1;
  }
  const nlohmann::json graph = nlohmann::json::parse(out.files.at("data/graph.json").str());
  struct Group {
    int passages = 0, editorial = 0;
    std::map<std::string, std::vector<std::string>> by_reason;  // reason → "from → to"
  };
  std::map<std::string, Group> groups;  // "lesson themes", "mission end"
  auto add = [&](const nlohmann::json& item, const std::string& from, const std::string& field, const std::string& what) {
    if (!item.contains("passage") && !item.contains("editorial")) return;  // needs no evidence
    Group& g = groups[from.substr(0, from.find(':')) + " " + field];
    if (item.contains("passage")) {
      ++g.passages;
      return;
    }
    ++g.editorial;
    g.by_reason[item["editorial"].get<std::string>()].push_back(what);
  };
  for (const auto& r : graph["relations"])
    add(r, r["from"], r["relation"], r["from"].get<std::string>() + " → " + r["to"].get<std::string>());
  for (const auto& v : graph["values"])
    add(v, v["page"], v["field"], v["page"].get<std::string>() + " " + v["field"].get<std::string>() + " " + v["value"].get<std::string>());
  int passages = 0, editorial = 0;
  for (const auto& [name, g] : groups) {
    passages += g.passages;
    editorial += g.editorial;
  }
  std::cout << "Relations and values that need evidence: " << passages + editorial << "; " << passages
            << " stated by a passage of the texts, " << editorial << " editorial.\n";
  for (const auto& [name, g] : groups) {
    std::cout << "\n" << name << ": " << g.passages << " with a passage, " << g.editorial << " editorial\n";
    for (const auto& [reason, items] : g.by_reason) {
      std::cout << "  editorial: " << reason << "\n";
      for (const auto& item : items) std::cout << "    " << item << "\n";
    }
  }
  return 0;
}

}  // namespace

int run(int argc, char** argv, ServeRunner serve) {
  CLI::App app{"kbgen: builds the knowledge base on UN support to security sector reform"};
  app.set_version_flag("--version", std::string("kbgen ") + KB_VERSION);
  app.require_subcommand(1);

  pipeline::Options build_opts;
  auto* build_cmd = app.add_subcommand("build", "Build the site from content/ into the output folder");
  build_cmd->add_option("--root", build_opts.root, "Site root holding content/, templates/, assets/")->capture_default_str();
  build_cmd->add_option("--out", build_opts.out, "Output folder (default ROOT/site)");
  build_cmd->add_flag("--strict", build_opts.strict, "Treat warnings as errors");
  build_cmd->add_flag("--force", build_opts.force, "Build into a folder kbgen did not create; nothing in it is deleted or replaced");

  pipeline::Options check_opts;
  check_opts.write = false;
  auto* check_cmd = app.add_subcommand("check", "Run every validation and write nothing");
  check_cmd->add_option("--root", check_opts.root, "Site root")->capture_default_str();
  check_cmd->add_flag("--strict", check_opts.strict, "Treat warnings as errors");
  std::string check_format = "text";
  check_cmd->add_option("--format", check_format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  bool check_relations = false;
  check_cmd->add_flag("--relations", check_relations,
                      "List, per field, the relations and values that no passage states and why they are editorial");

  serve::Options serve_opts;
  auto* serve_cmd = app.add_subcommand("serve", "Build, serve on 127.0.0.1, rebuild on change and reload pages");
  serve_cmd->add_option("--root", serve_opts.root, "Site root")->capture_default_str();
  serve_cmd->add_option("--out", serve_opts.out, "Output folder kept in sync (default ROOT/site)");
  serve_cmd->add_option("--port", serve_opts.port, "Port (0 picks a free one)")->capture_default_str();
  serve_cmd->add_option("--bind", serve_opts.bind, "Address to listen on")->capture_default_str();
  serve_cmd->add_flag("--force", serve_opts.force, "Build into a folder kbgen did not create; nothing in it is deleted or replaced");

  std::string corpus_path;
  auto* lunr_cmd = app.add_subcommand("lunr", "Print the Lunr 2.3.9 index of a corpus JSON file");
  lunr_cmd->add_option("corpus", corpus_path, "Corpus JSON: {ref, fields, documents}")->required();
  bool lunr_state = false;
  lunr_cmd->add_flag("--state", lunr_state, "Print lunr.Builder's state before #build (the form the site ships)");

  std::string source, manifest, import_out;
  auto* import_cmd = app.add_subcommand("import", "Import a source text into Markdown content files");
  import_cmd->add_option("source", source, "Source text file")->required();
  import_cmd->add_option("--manifest", manifest, "Import manifest (YAML)")->required();
  import_cmd->add_option("--out", import_out, "Output folder for the Markdown files")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  if (*build_cmd) return build_command(build_opts, false);
  if (*check_cmd) return check_relations ? relations_report(check_opts) : build_command(check_opts, true, check_format);
  if (*serve_cmd) return serve(serve_opts, argv);
  if (*lunr_cmd) return search::run_lunr_command(corpus_path, lunr_state, std::cout, std::cerr);
  if (*import_cmd) return importer::run_import_command(source, manifest, import_out, std::cout, std::cerr);
  return 2;
}

int main(int argc, char** argv, ServeRunner serve) {
  try {
    return run(argc, argv, serve);
  } catch (const std::exception& e) {
    std::cerr << "kbgen: internal error: " << e.what() << "\n";
    return 3;
  }
}

int exec_serve(const serve::Options&, char** argv) {
  const std::filesystem::path bin = util::executable_dir();
  const std::filesystem::path server = bin / "kbgen-serve";
  if (!bin.empty()) execv(server.c_str(), argv);  // returns only when it fails
  std::cerr << "kbgen: error: cannot start " << server.string() << ": "
            << (bin.empty() ? "kbgen's own folder is unknown (/proc/self/exe)" : std::strerror(errno))
            << " (kbgen serve runs kbgen-serve from kbgen's own folder; build or install both) [no-server]\n";
  return 2;
}

}  // namespace kb::cli
