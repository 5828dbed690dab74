#include "serve/serve.hpp"

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "pipeline/pipeline.hpp"
#include "site/writer.hpp"
#include "util/text.hpp"

namespace kb::serve {

namespace fs = std::filesystem;

namespace {

std::atomic<bool> g_stop{false};

void on_signal(int) { g_stop = true; }

// What the watcher compares between polls: every input file with its size and mtime.
using Snapshot = std::map<std::string, std::pair<std::uintmax_t, fs::file_time_type>>;

Snapshot snapshot(const fs::path& root) {
  Snapshot snap;
  for (const char* dir : {"content", "templates", "assets"}) {
    std::error_code ec;
    if (!fs::is_directory(root / dir, ec)) continue;
    for (auto it = fs::recursive_directory_iterator(root / dir, ec); it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      if (ec) break;
      if (!it->is_regular_file(ec)) continue;
      snap[it->path().string()] = {it->file_size(ec), it->last_write_time(ec)};
    }
  }
  return snap;
}

// Injected into served HTML only (never written to disk): polls the server and reloads the page
// after a successful rebuild, or shows the build errors over the page.
const char* kReloadScript = R"JS(<script>
(function () {
  var generation = null;
  function overlay(errors) {
    var el = document.getElementById('kbgen-errors');
    if (!errors.length) { if (el) el.remove(); return; }
    if (!el) {
      el = document.createElement('div');
      el.id = 'kbgen-errors';
      el.setAttribute('role', 'alert');
      el.style.cssText = 'position:fixed;inset:auto 0 0 0;max-height:50vh;overflow:auto;z-index:99999;' +
        'background:#2b0b0b;color:#ffd7d7;font:13px/1.5 monospace;padding:12px 16px;white-space:pre-wrap';
      document.body.appendChild(el);
    }
    el.textContent = 'kbgen: the last edit has errors; showing the last good build.\n\n' + errors.join('\n');
  }
  function poll() {
    var xhr = new XMLHttpRequest();
    xhr.open('GET', '/__kbgen/status');
    xhr.onload = function () {
      try {
        var s = JSON.parse(xhr.responseText);
        if (generation !== null && s.generation !== generation) { location.reload(); return; }
        generation = s.generation;
        overlay(s.errors);
      } catch (e) {}
      setTimeout(poll, 500);
    };
    xhr.onerror = function () { setTimeout(poll, 1500); };
    xhr.send();
  }
  poll();
})();
</script>)JS";

struct State {
  std::mutex mutex;
  std::shared_ptr<const std::map<std::string, std::string>> files;
  int generation = 0;
  std::vector<std::string> errors;  // diagnostics of the last failed rebuild
};

void print(const diag::Sink& sink) {
  for (const auto& d : sink.sorted()) std::cerr << diag::format(d) << "\n";
}

}  // namespace

std::string mime_type(const std::string& path) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"}, {".json", "application/json"},
      {".csv", "text/csv; charset=utf-8"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".gif", "image/gif"}, {".webp", "image/webp"},
      {".ico", "image/x-icon"}, {".txt", "text/plain; charset=utf-8"}, {".xml", "application/xml"},
      {".woff2", "font/woff2"}, {".pdf", "application/pdf"}};
  auto dot = path.rfind('.');
  if (dot != std::string::npos) {
    auto it = types.find(path.substr(dot));
    if (it != types.end()) return it->second;
  }
  return "application/octet-stream";
}

std::string resolve_request(const std::string& target) {
  std::string path = target;
  if (auto q = path.find_first_of("?#"); q != std::string::npos) path.resize(q);
  if (path.empty() || path[0] != '/') return {};
  path.erase(0, 1);
  if (path.empty() || path.back() == '/') path += "index.html";
  if (!site::is_safe_relative(path)) return {};
  return path;
}

int run(const Options& options) {
  pipeline::Options bopts;
  bopts.root = options.root;
  bopts.out = options.out;
  bopts.force = options.force;
  std::error_code ec;
  if (!fs::is_directory(options.root, ec)) {
    std::cerr << "kbgen: error: site root '" << options.root << "' is not a folder [no-root]\n";
    return 2;
  }
  fs::path out = pipeline::output_dir(bopts);
  {
    diag::Sink sink;
    if (!site::check_output_dir(options.root, out, options.force, sink)) {
      print(sink);
      return 2;
    }
  }

  pipeline::Session session(bopts);
  State state;
  std::map<std::string, std::string> written;  // what the output folder holds now

  auto rebuild = [&](bool first) {
    auto start = std::chrono::steady_clock::now();
    diag::Sink sink;
    pipeline::Output output;
    bool ok = session.generate(sink, output);
    if (ok && !site::sync_output(out, written, output.files, sink)) ok = false;
    print(sink);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::lock_guard<std::mutex> lock(state.mutex);
    if (ok) {
      written = output.files;
      state.files = std::make_shared<const std::map<std::string, std::string>>(std::move(output.files));
      ++state.generation;
      state.errors.clear();
      std::cerr << (first ? "built " : "rebuilt ") << output.pages << " pages (" << output.markdown_rendered
                << " bodies and " << output.pages_rendered << " pages re-rendered), " << sink.warning_count()
                << " warnings in " << static_cast<long>(ms) << " ms\n";
    } else {
      state.errors.clear();
      for (const auto& d : sink.sorted()) state.errors.push_back(diag::format(d));
      std::cerr << sink.error_count() << " errors; still serving the last good build\n";
    }
    return ok;
  };
  rebuild(true);

  httplib::Server server;
  server.Get("/__kbgen/status", [&](const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(state.mutex);
    nlohmann::json j = {{"generation", state.generation}, {"errors", state.errors}};
    res.set_header("Cache-Control", "no-store");
    res.set_content(j.dump(), "application/json");
  });
  server.Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    std::shared_ptr<const std::map<std::string, std::string>> files;
    {
      std::lock_guard<std::mutex> lock(state.mutex);
      files = state.files;
    }
    std::string path = resolve_request(req.path);
    const std::string* body = nullptr;
    if (files && !path.empty()) {
      auto it = files->find(path);
      if (it == files->end() && path.find('.') == std::string::npos) it = files->find(path + "/index.html");
      if (it != files->end()) {
        body = &it->second;
        path = it->first;
      }
    }
    res.set_header("Cache-Control", "no-store");
    if (!body) {
      res.status = path.empty() ? 400 : 404;
      res.set_content(path.empty() ? "bad request\n" : "not found\n", "text/plain; charset=utf-8");
      return;
    }
    if (util::ends_with(path, ".html")) {
      std::string html = *body;
      auto at = html.rfind("</body>");
      html.insert(at == std::string::npos ? html.size() : at, kReloadScript);
      res.set_content(html, mime_type(path));
    } else {
      res.set_content(*body, mime_type(path));
    }
  });

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.bind);
  } else if (!server.bind_to_port(options.bind, port)) {
    port = -1;
  }
  if (port <= 0) {
    std::cerr << "kbgen: error: cannot listen on " << options.bind << ":" << options.port << " [bind]\n";
    return 2;
  }
  std::cout << "Serving at http://" << options.bind << ":" << port << "/ (Ctrl+C to stop)" << std::endl;
  std::thread http([&] { server.listen_after_bind(); });

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  Snapshot last = snapshot(options.root);
  while (!g_stop) {
    std::this_thread::sleep_for(std::chrono::milliseconds(options.poll_ms));
    Snapshot now = snapshot(options.root);
    if (now == last) continue;
    // Let an editor finish writing (several files, or a save in two steps) before rebuilding.
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    last = snapshot(options.root);
    rebuild(false);
  }
  server.stop();
  http.join();
  return 0;
}

}  // namespace kb::serve
