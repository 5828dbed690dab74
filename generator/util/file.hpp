// Reading whole files: the one place that does it, for every stage.
#pragma once

#include <filesystem>
#include <string>

namespace kb::util {

// The file's bytes in `out`; false (and `out` empty) when it cannot be opened.
bool read_file(const std::filesystem::path& path, std::string& out);

}  // namespace kb::util
