// Reading and writing whole files: the one place that does it, for every stage.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace kb::util {

// The file's bytes in `out`; false (and `out` empty) when it cannot be opened.
bool read_file(const std::filesystem::path& path, std::string& out);

// Writes `data` to `path` (creating its folder); false when it cannot.
bool write_file(const std::filesystem::path& path, std::string_view data);

// The same through PATH.kbgen-tmp renamed over PATH, so that a reader (a browser, a server, an
// interrupted run) sees the old file or the new one, never half of one.
bool replace_file(const std::filesystem::path& path, std::string_view data);

// The first part of `rel` (a '/'-separated path under `root`) that is a symbolic link, as a
// path from `root` ("assets/img"), or "" when none is: the site's folders are read only through
// real folders and files, so that nothing outside the site root is ever read.
std::string first_symlink(const std::filesystem::path& root, const std::string& rel);

}  // namespace kb::util
