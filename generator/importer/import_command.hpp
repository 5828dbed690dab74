// `kbgen import SOURCE.txt --manifest MANIFEST.yaml --out DIR`: reads the files, runs the
// importer, writes one Markdown file per text, prints diagnostics. The lead wires it to the CLI.
#pragma once

#include <ostream>
#include <string>

namespace kb::importer {

// Returns 0 (written), 1 (content errors: nothing written) or 2 (unreadable input).
int run_import_command(const std::string& source, const std::string& manifest, const std::string& out_dir,
                       std::ostream& out, std::ostream& err);

}  // namespace kb::importer
