// The import sub-command (see import_command.hpp).
#include "importer/import_command.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "diag/diagnostic.hpp"
#include "importer/importer.hpp"
#include "importer/manifest.hpp"
#include "util/file.hpp"

namespace kb::importer {

namespace fs = std::filesystem;

int run_import_command(const std::string& source, const std::string& manifest_path, const std::string& out_dir,
                       std::ostream& out, std::ostream& err) {
  diag::Sink sink;
  auto manifest = load_manifest(manifest_path, sink);
  std::ifstream in(source, std::ios::binary);
  if (!in) sink.error(source, 0, 0, "io", "cannot read source file");
  if (!manifest || !in) {
    for (const auto& d : sink.sorted()) err << diag::format(d) << "\n";
    return 2;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  ImportResult result = import_source(ss.str(), *manifest, sink, source);
  for (const auto& d : sink.sorted()) err << diag::format(d) << "\n";
  if (sink.has_errors()) {
    err << "import: " << sink.error_count() << " error(s), nothing written\n";
    return 1;
  }
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  for (const auto& f : result.files) {
    fs::path p = fs::path(out_dir) / f.path;
    // An interrupted import leaves no half file.
    if (!util::replace_file(p, f.content)) {
      diag::Diagnostic d{p.string(), 0, 0, diag::Severity::Error, "io", "cannot write"};
      err << diag::format(d) << "\n";
      return 2;
    }
  }
  out << "import: wrote " << result.files.size() << " text(s) to " << out_dir << " ("
      << result.log.joins.size() << " page-break joins, " << sink.warning_count() << " warning(s))\n";
  return 0;
}

}  // namespace kb::importer
