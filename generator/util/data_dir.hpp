// Where an installed kbgen keeps its data: PREFIX/share/kbgen beside PREFIX/bin/kbgen (found
// from the running executable, so an installed tree can be moved), or $KBGEN_DATA_DIR. It holds
// lunr.js, and default templates/ (for any template a site root lacks) and assets/ (for a site
// root that has none of its own).
#pragma once

#include <filesystem>

namespace kb::util {

// The folder, or an empty path when kbgen runs from its build folder (not installed).
std::filesystem::path data_dir();

// The folder of the running executable (from /proc/self/exe), or an empty path when it cannot
// be read. kbgen-serve is found there too (cli/cli.hpp).
std::filesystem::path executable_dir();

}  // namespace kb::util
