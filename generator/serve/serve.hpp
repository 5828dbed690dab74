// `kbgen serve`: live preview. Builds, serves the last good site on loopback, watches content/,
// templates/ and assets/, rebuilds incrementally on change, and reloads open pages.
#pragma once

#include <map>
#include <string>

namespace kb::serve {

struct Options {
  std::string root = ".";
  std::string out;             // default ROOT/site (kept in sync with what is served)
  std::string bind = "127.0.0.1";
  int port = 8000;             // 0 picks a free port
  int poll_ms = 200;           // how often the watcher looks for changes without inotify (serve/watch.hpp)
  bool force = false;
};

// Runs until interrupted (SIGINT/SIGTERM). Exit code as for build.
int run(const Options& options);

// MIME type by file extension ("text/html; charset=utf-8" for .html).
std::string mime_type(const std::string& path);

// Maps a request path ("/kb/missions/x.html", after the mount prefix) to an output path
// ("missions/x.html"); "" when it is not a safe path inside the site (.., NUL, backslash).
// Folders map to their index.html.
std::string resolve_request(const std::string& target);

// Whether a request's Host header (port ignored) names this server: localhost, 127.0.0.1, [::1]
// or the --bind address; with a wildcard --bind (0.0.0.0, ::), also any IP address. An empty
// Host (HTTP/1.0) passes. Checking it defeats DNS rebinding: a page whose own host name is made
// to resolve to 127.0.0.1 could otherwise read the preview, but its requests carry that name.
bool host_allowed(const std::string& host, const std::string& bind);

}  // namespace kb::serve
