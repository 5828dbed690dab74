#include "serve/serve.hpp"

#include <arpa/inet.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "pipeline/pipeline.hpp"
#include "serve/watch.hpp"
#include "site/writer.hpp"
#include "util/text.hpp"

namespace kb::serve {

namespace fs = std::filesystem;

namespace {

std::atomic<bool> g_stop{false};

void on_signal(int) { g_stop = true; }

// Injected into served HTML only (never written to disk): polls the server and reloads the page
// after a successful rebuild, or shows the build errors over the page. @GENERATION@ is the build
// the page came from, so that a rebuild finishing before the first poll still reloads it.
const char* kReloadScript = R"JS(<script>
(function () {
  var generation = @GENERATION@;
  function overlay(errors) {
    // The page served before any build succeeded is itself the list of errors: keep it current.
    var list = document.getElementById('kbgen-build-errors');
    if (list) { list.textContent = errors.join('\n'); return; }
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
        if (s.generation !== generation) { location.reload(); return; }
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
  std::shared_ptr<const site::Files> files;
  int generation = 0;               // pages published (the reload script reloads on a change)
  int search_generation = 0;        // search files published (no reload: pages come first)
  std::vector<std::string> errors;  // diagnostics of the last failed rebuild
};

std::string reload_script(int generation) {
  std::string script = kReloadScript;
  const std::string placeholder = "@GENERATION@";
  script.replace(script.find(placeholder), placeholder.size(), std::to_string(generation));
  return script;
}

// What every request gets until a first build succeeds: the errors, and the reload script, which
// keeps them current and shows the site once a rebuild succeeds (generation 0 is "no build").
std::string no_build_page(const std::vector<std::string>& errors) {
  std::string html =
      "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>kbgen: the site does not build</title>\n</head>\n<body>\n"
      "<h1>The site does not build</h1>\n"
      "<p>kbgen serve shows it as soon as an edit fixes these errors.</p>\n"
      "<pre id=\"kbgen-build-errors\">";
  for (const auto& e : errors) html += util::html_escape(e) + "\n";
  html += "</pre>\n" + reload_script(0) + "\n</body>\n</html>\n";
  return html;
}

void print(const diag::Sink& sink) {
  for (const auto& d : sink.sorted()) std::cerr << diag::format(d) << "\n";
}

// "127.0.0.1" or "[::1]": an address as it appears in a Host header.
bool is_ip_address(const std::string& host) {
  std::array<unsigned char, sizeof(in6_addr)> addr;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    return ::inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), addr.data()) == 1;
  return ::inet_pton(AF_INET, host.c_str(), addr.data()) == 1;
}

// Limits of the preview server. A page load asks for a handful of files at once; these leave
// room for several browsers and keep any one client from holding the server.
constexpr int kWorkers = 64;                          // connections served at once (httplib: 8 here)
constexpr int kListenBacklog = 128;                   // connections waiting for accept() (httplib: 5)
constexpr time_t kRequestTimeout = 5;                 // seconds to send a whole request
constexpr time_t kWriteTimeout = 5;                   // seconds for each send() of an answer
constexpr time_t kKeepAliveTimeout = 5;               // seconds a connection may idle between requests
constexpr std::size_t kKeepAliveMaxCount = 100;       // requests on one connection
constexpr std::size_t kPayloadMaxLength = 64 * 1024;  // only GET and HEAD are served

using Clock = std::chrono::steady_clock;

// Waits until `sock` is ready for `events` (or hung up), at most until `deadline`.
bool wait_ready(int sock, short events, Clock::time_point deadline) {
  for (;;) {
    auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{sock, events, 0};
    int n = ::poll(&p, 1, static_cast<int>(left));
    if (n != -1 || errno != EINTR) return n > 0;
  }
}

// The numeric address and port of one end of a connection, as httplib fills Request::remote_addr.
void endpoint(int sock, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof addr;
  auto* sa = reinterpret_cast<sockaddr*>(&addr);
  if ((peer ? ::getpeername(sock, sa, &len) : ::getsockname(sock, sa, &len)) != 0) return;
  char host[NI_MAXHOST], service[NI_MAXSERV];
  if (::getnameinfo(sa, len, host, sizeof host, service, sizeof service, NI_NUMERICHOST | NI_NUMERICSERV) != 0)
    return;
  ip = host;
  port = std::atoi(service);
}

// One request on a connection, for httplib to read and answer. httplib's own stream applies its
// read timeout to each recv(), so a client that sends a header line every few seconds and never
// ends its request ("slowloris") holds a worker thread for as long as it likes: thirty such
// clients froze the preview for everyone. Here the whole request must arrive before one deadline.
class RequestStream final : public httplib::Stream {
 public:
  RequestStream(int sock, std::chrono::seconds read_time, std::chrono::seconds write_timeout)
      : sock_(sock), deadline_(Clock::now() + read_time), write_timeout_(write_timeout) {}

  // After a failed read (deadline passed, connection broken) the connection must close: the
  // request was cut short, so whatever the client sends next is not the start of a new one.
  bool read_failed() const { return read_failed_; }

  bool is_readable() const override { return begin_ < end_ || wait_ready(sock_, POLLIN, deadline_); }
  bool is_writable() const override { return wait_ready(sock_, POLLOUT, Clock::now() + write_timeout_); }

  // Buffered, as httplib reads the request line and headers a byte at a time.
  ssize_t read(char* ptr, size_t size) override {
    if (begin_ == end_) {
      ssize_t n = wait_ready(sock_, POLLIN, deadline_) ? ::recv(sock_, buffer_.data(), buffer_.size(), 0) : -1;
      if (n <= 0) {
        read_failed_ = true;
        return n;
      }
      begin_ = 0;
      end_ = static_cast<size_t>(n);
    }
    size_t n = std::min(size, end_ - begin_);
    std::memcpy(ptr, buffer_.data() + begin_, n);
    begin_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    return ::send(sock_, ptr, size, MSG_NOSIGNAL);  // a client gone is an error, not SIGPIPE
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override { endpoint(sock_, true, ip, port); }
  void get_local_ip_and_port(std::string& ip, int& port) const override { endpoint(sock_, false, ip, port); }
  socket_t socket() const override { return sock_; }

 private:
  int sock_;
  Clock::time_point deadline_;  // for every read of this request
  std::chrono::seconds write_timeout_;
  std::array<char, 4096> buffer_{};
  size_t begin_ = 0, end_ = 0;  // what buffer_ holds that httplib has not read yet
  bool read_failed_ = false;
};

// httplib's server, with limits that keep the preview answering whatever its clients do.
class PreviewServer : public httplib::Server {
 public:
  PreviewServer() {
    // httplib serves a connection on one worker from accept to close, idle keep-alive time
    // included, and a browser keeps about six open: a fixed pool of 8 left little room for a
    // second browser, let alone clients holding connections on purpose (RequestStream bounds
    // how long each of those may take).
    new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
    set_read_timeout(kRequestTimeout);  // for a whole request, see RequestStream
    set_write_timeout(kWriteTimeout);
    set_keep_alive_timeout(kKeepAliveTimeout);
    set_keep_alive_max_count(kKeepAliveMaxCount);
    set_payload_max_length(kPayloadMaxLength);
    // httplib's default socket options set SO_REUSEPORT, with which a second `kbgen serve` on the
    // same port starts without error and takes half of the requests. SO_REUSEADDR alone still lets
    // a restarted server bind while the last one's connections linger in TIME_WAIT.
    set_socket_options([](socket_t sock) {
      int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
  }

  // Debian's httplib is compiled with a listen backlog of 5 (CPPHTTPLIB_LISTEN_BACKLOG is read
  // when the library is built, not here): a burst of connections overflows it, and the clients
  // dropped retry only a second later. Linux updates the backlog of a socket that listens again.
  void raise_listen_backlog() { ::listen(svr_sock_, kListenBacklog); }

 private:
  // httplib's connection loop (keep-alive, at most keep_alive_max_count_ requests), over a
  // RequestStream per request. httplib calls this, its virtual, for every accepted connection.
  bool process_and_close_socket(socket_t sock) override {
    bool ok = true;
    for (size_t left = keep_alive_max_count_; left > 0 && svr_sock_ != INVALID_SOCKET; --left) {
      if (!wait_ready(sock, POLLIN, Clock::now() + std::chrono::seconds(keep_alive_timeout_sec_))) break;
      RequestStream stream(sock, std::chrono::seconds(read_timeout_sec_), std::chrono::seconds(write_timeout_sec_));
      bool closed = false;
      ok = process_request(stream, left == 1, closed, [&](httplib::Request& req) {
        // Other methods are answered 405 before httplib reads their body: close the connection
        // after the answer (and say so in it) rather than read that body as the next request.
        if (req.method != "GET" && req.method != "HEAD") {
          closed = true;
          req.headers.erase("Connection");
          req.set_header("Connection", "close");
        }
      });
      if (!ok || closed || stream.read_failed()) break;
    }
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return ok;
  }
};

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

bool host_allowed(const std::string& host_header, const std::string& bind) {
  if (host_header.empty()) return true;
  // Drop the port: "[::1]:8000" is "[::1]", "localhost:8000" is "localhost".
  std::string host = util::lower_ascii(host_header);
  if (host[0] == '[') {
    auto close = host.find(']');
    if (close == std::string::npos) return false;
    host.resize(close + 1);
  } else if (auto colon = host.find(':'); colon != std::string::npos) {
    host.resize(colon);
  }
  std::string bound = util::lower_ascii(bind);
  if (bound.find(':') != std::string::npos) bound = "[" + bound + "]";
  if (host == "localhost" || host == "127.0.0.1" || host == "[::1]" || host == bound) return true;
  // Bound to every interface, the server is reached at any address the machine has; an address,
  // unlike a name, cannot be made to point at another machine.
  return (bind == "0.0.0.0" || bind == "::") && is_ip_address(host);
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
  // What the output folder holds now: the files of the last good build (shared with the HTTP
  // threads, which serve them).
  using Files = site::Files;
  std::shared_ptr<const Files> written = std::make_shared<const Files>();

  // The search files of the last good build: a rebuild publishes its pages with these, then its
  // own search files when they are ready (the search index takes longest to make).
  Files search;
  auto rebuild = [&](bool first) {
    auto start = std::chrono::steady_clock::now();
    diag::Sink sink;
    pipeline::Output output;
    output.search_later = !first;  // the first build has no search files to publish meanwhile
    bool ok = session.generate(sink, output);
    Files fresh_search;  // the first build's come with its pages
    if (ok && first)
      for (const std::string& path : output.search_paths) fresh_search[path] = output.files.at(path);
    for (const auto& [path, bytes] : first ? fresh_search : search) output.files[path] = bytes;
    if (ok && !site::sync_output(out, *written, output.files, sink)) ok = false;
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    auto report = [&] {
      print(sink);
      state.errors.clear();
      for (const auto& d : sink.sorted()) state.errors.push_back(diag::format(d));
      std::cerr << sink.error_count()
                << (first ? " errors; showing them at every address until an edit fixes them\n"
                          : " errors; still serving the last good build\n");
    };
    {
      std::lock_guard<std::mutex> lock(state.mutex);
      if (!ok) {
        report();
        return false;
      }
      print(sink);
      written = std::make_shared<const Files>(std::move(output.files));
      state.files = written;
      ++state.generation;
      if (first) ++state.search_generation;
      state.errors.clear();
      std::cerr << (first ? "built " : "rebuilt ") << output.pages << " pages (" << output.markdown_rendered
                << " bodies, " << output.views_built << " pages' views and " << output.pages_rendered
                << " pages re-rendered), " << sink.warning_count()
                << " warnings in " << static_cast<long>(ms) << " ms\n";
    }
    if (first) {
      search = std::move(fresh_search);
      return true;
    }
    // Then the search files, published when ready, over the pages just published.
    diag::Sink search_sink;
    ok = session.search_files(search_sink, fresh_search);
    Files next = *written;
    for (const auto& [path, bytes] : fresh_search) next[path] = bytes;
    if (ok && !site::sync_output(out, *written, next, search_sink)) ok = false;
    const double search_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    std::lock_guard<std::mutex> lock(state.mutex);
    if (!ok) {
      sink.merge(search_sink);
      report();
      return false;
    }
    print(search_sink);
    search = std::move(fresh_search);
    written = std::make_shared<const Files>(std::move(next));
    state.files = written;
    ++state.search_generation;
    std::cerr << "  search files updated " << static_cast<long>(search_ms - ms) << " ms later\n";
    return true;
  };

  PreviewServer server;
  // Before any handler: requests for another host name (DNS rebinding, see host_allowed) and
  // methods other than GET and HEAD get no further.
  server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    if (!host_allowed(req.get_header_value("Host"), options.bind)) {
      res.status = 403;
      res.set_content("forbidden: unknown host name\n", "text/plain; charset=utf-8");
      return httplib::Server::HandlerResponse::Handled;
    }
    if (req.method != "GET" && req.method != "HEAD") {  // a preview is read-only
      res.status = 405;
      res.set_header("Allow", "GET, HEAD");
      res.set_content("method not allowed\n", "text/plain; charset=utf-8");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.Get("/__kbgen/status", [&](const httplib::Request&, httplib::Response& res) {
    std::lock_guard<std::mutex> lock(state.mutex);
    nlohmann::json j = {{"generation", state.generation}, {"search", state.search_generation}, {"errors", state.errors}};
    res.set_header("Cache-Control", "no-store");
    res.set_content(j.dump(), "application/json");
  });
  server.Get(".*", [&](const httplib::Request& req, httplib::Response& res) {
    std::shared_ptr<const site::Files> files;
    int generation = 0;
    std::vector<std::string> errors;
    {
      std::lock_guard<std::mutex> lock(state.mutex);
      files = state.files;
      generation = state.generation;
      if (!files) errors = state.errors;
    }
    res.set_header("Cache-Control", "no-store");
    if (!files) {
      res.status = 503;
      res.set_content(no_build_page(errors), "text/html; charset=utf-8");
      return;
    }
    std::string path = resolve_request(req.path);
    auto it = path.empty() ? files->end() : files->find(path);
    if (it == files->end() && !path.empty() && files->count(resolve_request(req.path + "/"))) {
      // A folder asked for without its trailing slash: its index page's relative links would
      // resolve against the parent folder, so send the browser to the folder's own URL.
      std::string location = req.target;  // as sent, still percent-encoded, with its query
      location.insert(std::min(location.find('?'), location.size()), "/");
      res.status = 301;
      res.set_header("Location", location);
      return;
    }
    if (it == files->end()) {
      res.status = path.empty() ? 400 : 404;
      res.set_content(path.empty() ? "bad request\n" : "not found\n", "text/plain; charset=utf-8");
      return;
    }
    if (util::ends_with(path, ".html")) {
      std::string html = it->second;
      auto at = html.rfind("</body>");
      html.insert(at == std::string::npos ? html.size() : at, reload_script(generation));
      res.set_content(html, mime_type(path));
    } else {
      res.set_content(it->second, mime_type(path));
    }
  });

  // The port first: a second `kbgen serve` on a port in use stops before it builds over the
  // output of the first. Connections wait in the backlog until the first build is done.
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
  server.raise_listen_backlog();

  // Watching starts before the first build reads anything: a file saved while it runs is built
  // again right after it.
  Watcher watcher(options.root, std::chrono::milliseconds(options.poll_ms));
  rebuild(true);
  std::cout << "Serving at http://" << options.bind << ":" << port << "/ (Ctrl+C to stop)" << std::endl;
  std::thread http([&] { server.listen_after_bind(); });

  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  while (!g_stop) {
    if (watcher.changed()) rebuild(false);
  }
  server.stop();
  http.join();
  return 0;
}

}  // namespace kb::serve
