// kbgen serve end to end: a real server on a loopback port, real edits on disk.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "serve/serve.hpp"
#include "serve/watch.hpp"
#include "support/support.hpp"

using namespace kb::test;

namespace {

struct Server {
  FILE* pipe = nullptr;
  int pid = 0;
  int port = 0;
  ~Server() {
    if (pid > 0) ::kill(pid, SIGTERM);
    if (pipe) pclose(pipe);
  }
};

void start(Server& s, const fs::path& root, const fs::path& log) {
  std::string cmd = "sh -c 'echo $$; exec \"$0\" serve --port 0 --root \"$1\"' " + shell_quote(KB_KBGEN_PATH) + " " +
                    shell_quote(root.string()) + " 2>" + shell_quote(log.string());
  s.pipe = popen(cmd.c_str(), "r");
  REQUIRE(s.pipe);
  char line[256];
  REQUIRE(fgets(line, sizeof line, s.pipe));
  s.pid = std::atoi(line);
  REQUIRE(fgets(line, sizeof line, s.pipe));  // "Serving at http://127.0.0.1:PORT/ ..."
  std::string text(line);
  auto colon = text.find(':', text.find("127.0.0.1"));
  REQUIRE(colon != std::string::npos);
  s.port = std::atoi(text.c_str() + colon + 1);
  REQUIRE(s.port > 0);
}

nlohmann::json status(httplib::Client& c) {
  auto r = c.Get("/__kbgen/status");
  REQUIRE(r);
  return nlohmann::json::parse(r->body);
}

// Waits until the server reports a state for which `pred` holds.
template <typename Pred>
bool wait_for(httplib::Client& c, Pred pred) {
  for (int i = 0; i < 600; ++i) {  // at most a minute: a busy machine rebuilds slowly
    if (pred(status(c))) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// Polls `pred` until it holds or `seconds` pass: tests wait for a state, never for a time.
template <typename Pred>
bool eventually(Pred pred, int seconds = 30) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

// The basic fixture site in a temp folder, served by a running kbgen. `prepare` edits the site
// before kbgen starts, for what its first build sees.
struct ServedSite {
  TempDir tmp;
  fs::path root = tmp.path() / "root";
  Server server;
  explicit ServedSite(const std::function<void(const fs::path&)>& prepare = nullptr) {
    make_site(root, fixtures_dir() / "sites" / "basic");
    if (prepare) prepare(root);
    start(server, root, tmp.path() / "log");
  }
};

// A TCP connection to 127.0.0.1:port, or -1. Its sends and receives give up after 10 s, so that
// a server that never answers fails a test rather than hangs it.
int connect_to(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool send_all(int fd, const std::string& data) {
  for (std::size_t sent = 0; sent < data.size();) {
    ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

// What the server sends on `fd`: until `complete` holds of it, or the connection ends.
std::string receive(int fd, const std::function<bool(const std::string&)>& complete) {
  std::string received;
  char buf[4096];
  for (ssize_t n; !complete(received) && (n = ::recv(fd, buf, sizeof buf, 0)) > 0;)
    received.append(buf, static_cast<std::size_t>(n));
  return received;
}

// Sends `request` byte for byte and returns all the server sends back until it closes.
std::string send_request(int port, const std::string& request) {
  int fd = connect_to(port);
  REQUIRE(fd >= 0);
  REQUIRE(send_all(fd, request));
  std::string response = receive(fd, [](const std::string&) { return false; });
  ::close(fd);
  return response;
}

// Clients that each open a connection and send a request a header line a second, never ending
// it ("slowloris"). One the server answers or closes is replaced, so that `count` stay open.
class SlowClients {
 public:
  SlowClients(int port, int count) : thread_([this, port, count] { run(port, count); }) {}
  ~SlowClients() {
    stop_ = true;
    thread_.join();
  }
  int open() const { return open_; }        // connections open now
  int cut_off() const { return cut_off_; }  // connections the server answered or closed so far

 private:
  void run(int port, int count) {
    std::vector<int> fds;
    while (!stop_) {
      for (auto it = fds.begin(); it != fds.end();) {
        pollfd p{*it, POLLIN, 0};
        if (::poll(&p, 1, 0) == 0 && send_all(*it, "X-Slow: 1\r\n")) {
          ++it;
          continue;
        }
        ::close(*it);
        it = fds.erase(it);
        ++cut_off_;
      }
      while (static_cast<int>(fds.size()) < count) {
        int fd = connect_to(port);
        if (fd < 0) break;
        fds.push_back(fd);
        if (!send_all(fd, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")) break;
      }
      open_ = static_cast<int>(fds.size());
      for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (int fd : fds) ::close(fd);
  }

  std::atomic<bool> stop_{false};
  std::atomic<int> open_{0}, cut_off_{0};
  std::thread thread_;  // last: it starts once the members above exist
};

}  // namespace

TEST_CASE("serve rebuilds on change, keeps the last good site on errors", "[serve]") {
  ServedSite site;
  const fs::path& root = site.root;
  httplib::Client c("127.0.0.1", site.server.port);

  auto page = c.Get("/missions/minusca.html");
  REQUIRE(page);
  CHECK(page->status == 200);
  CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(page->body.find("/__kbgen/status") != std::string::npos);  // the reload script
  int generation = status(c)["generation"];
  int search = status(c)["search"];

  {
    std::string path = (root / "content/missions/minusca.md").string();
    write_file(path, read_file(path) + "\nServed after an edit.\n");
  }
  // Until the rebuild's own search files follow its pages, the last build's stay: served and on
  // disk at every moment (they once went away with the first rebuild's pages, for as long as its
  // search stage took). Looked at as often as the server answers, to land in that window.
  int missing = 0;
  for (int polls = 0; status(c)["search"] == search && polls < 60000; ++polls) {
    auto index = c.Get("/search/index.js");
    if (!index || index->status != 200 || !fs::exists(root / "site/search/index.js")) ++missing;
  }
  CHECK(missing == 0);
  REQUIRE(wait_for(c, [&](const nlohmann::json& s) { return s["generation"] != generation; }));
  CHECK(c.Get("/missions/minusca.html")->body.find("Served after an edit.") != std::string::npos);
  // The search files follow the pages: then a search finds the new words, served and on disk.
  REQUIRE(wait_for(c, [&](const nlohmann::json& s) { return s["search"] != search; }));
  CHECK(c.Get("/search/corpus.json")->body.find("Served after an edit.") != std::string::npos);
  CHECK(read_file(root / "site/search/corpus.json").find("Served after an edit.") != std::string::npos);
  // The output folder on disk follows, without the reload script.
  std::string on_disk = read_file(root / "site/missions/minusca.html");
  CHECK(on_disk.find("Served after an edit.") != std::string::npos);
  CHECK(on_disk.find("/__kbgen/status") == std::string::npos);

  write_file(root / "content/missions/broken.md", "---\ntitle: [\n---\n");
  REQUIRE(wait_for(c, [](const nlohmann::json& s) { return !s["errors"].empty(); }));
  CHECK(status(c)["errors"][0].get<std::string>().find("content/missions/broken.md:3:1: error") == 0);
  auto still = c.Get("/missions/minusca.html");
  REQUIRE(still);
  CHECK(still->status == 200);
  CHECK(still->body.find("Served after an edit.") != std::string::npos);

  fs::remove(root / "content/missions/broken.md");
  REQUIRE(wait_for(c, [](const nlohmann::json& s) { return s["errors"].empty(); }));
}

TEST_CASE("serve builds again a file saved while its first build runs", "[serve]") {
  // The real site, whose first build takes long enough after its load stage for the edit to
  // land in it.
  TempDir tmp;
  const fs::path root = tmp.path() / "root";
  for (const char* dir : {"content", "templates", "assets"}) copy_tree(source_dir() / dir, root / dir);
  const fs::path log = tmp.path() / "log";
  Server s;
  // KB_TIMINGS prints each stage's time as it ends: the edit comes as soon as the first build has
  // read the content, while it renders.
  std::string cmd = "sh -c 'echo $$; KB_TIMINGS=1 exec \"$0\" serve --port 0 --root \"$1\"' " + shell_quote(KB_KBGEN_PATH) +
                    " " + shell_quote(root.string()) + " 2>" + shell_quote(log.string());
  s.pipe = popen(cmd.c_str(), "r");
  REQUIRE(s.pipe);
  char line[256];
  REQUIRE(fgets(line, sizeof line, s.pipe));
  s.pid = std::atoi(line);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (!(fs::exists(log) && read_file(log).find("  load ") != std::string::npos)) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  const std::string path = (root / "content/missions/minusca.md").string();
  write_file(path, read_file(path) + "\nSaved during the first build.\n");
  REQUIRE(fgets(line, sizeof line, s.pipe));  // "Serving at http://127.0.0.1:PORT/ ..."
  std::string text(line);
  s.port = std::atoi(text.c_str() + text.find(':', text.find("127.0.0.1")) + 1);
  REQUIRE(s.port > 0);
  httplib::Client c("127.0.0.1", s.port);
  CHECK(eventually([&] {
    auto page = c.Get("/missions/minusca.html");
    return page && page->body.find("Saved during the first build.") != std::string::npos;
  }));
}

TEST_CASE("serve only serves files of the site", "[serve]") {
  CHECK(kb::serve::resolve_request("/") == "index.html");
  CHECK(kb::serve::resolve_request("/missions/") == "missions/index.html");
  CHECK(kb::serve::resolve_request("/missions/minusca.html?x=1#p") == "missions/minusca.html");
  CHECK(kb::serve::resolve_request("/../etc/passwd") == "");
  CHECK(kb::serve::resolve_request("/assets/../../x") == "");
  CHECK(kb::serve::resolve_request("/a\\b") == "");
  CHECK(kb::serve::mime_type("a/b.css") == "text/css; charset=utf-8");
  CHECK(kb::serve::mime_type("a/b.svg") == "image/svg+xml");
  CHECK(kb::serve::mime_type("a/b.bin") == "application/octet-stream");

  ServedSite site;
  httplib::Client c("127.0.0.1", site.server.port);
  CHECK(c.Get("/missions/")->status == 200);
  CHECK(c.Get("/assets/style.css")->get_header_value("Content-Type") == "text/css; charset=utf-8");
  CHECK(c.Get("/no-such-page.html")->status == 404);
  CHECK(c.Get("/../../etc/passwd")->status == 400);
  CHECK(c.Get("/content/site.yaml")->status == 404);
}

TEST_CASE("serve answers while slow clients hold connections open", "[serve]") {
  ServedSite site;
  SlowClients slow(site.server.port, 40);
  REQUIRE(eventually([&] { return slow.open() == 40; }));

  httplib::Client c("127.0.0.1", site.server.port);
  c.set_connection_timeout(5);
  c.set_read_timeout(5);
  CHECK(eventually([&] {
    auto r = c.Get("/");
    return r && r->status == 200;
  }));
  // A request that does not arrive whole within a few seconds is cut off: its connection stops
  // holding a worker.
  CHECK(eventually([&] { return slow.cut_off() > 0; }));
}

TEST_CASE("serve redirects a folder asked for without its trailing slash", "[serve]") {
  ServedSite site;
  httplib::Client c("127.0.0.1", site.server.port);
  auto r = c.Get("/missions");
  REQUIRE(r);
  CHECK(r->status == 301);
  CHECK(r->get_header_value("Location") == "/missions/");
  CHECK(c.Head("/missions")->status == 301);
  // The query string stays, as sent.
  std::string raw = send_request(site.server.port, "GET /missions?q=a%20b&x=1 HTTP/1.0\r\n\r\n");
  CHECK(raw.rfind("HTTP/1.1 301", 0) == 0);
  CHECK(raw.find("\r\nLocation: /missions/?q=a%20b&x=1\r\n") != std::string::npos);

  CHECK(c.Get("/missions/")->status == 200);
  CHECK(c.Get("/missions/minusca")->status == 404);  // a page without .html is no folder
  c.set_follow_location(true);
  auto followed = c.Get("/missions");
  REQUIRE(followed);
  CHECK(followed->status == 200);
  CHECK(followed->body.find("minusca.html") != std::string::npos);
}

TEST_CASE("serve shows the errors of a first build that fails, until one succeeds", "[serve]") {
  const std::string broken = "content/missions/<b>&.md";
  ServedSite site([&](const fs::path& root) { write_file(root / broken, "---\ntitle: [\n---\n"); });
  httplib::Client c("127.0.0.1", site.server.port);
  for (const char* path : {"/", "/missions/minusca.html"}) {
    INFO(path);
    auto r = c.Get(path);
    REQUIRE(r);
    CHECK(r->status == 503);
    CHECK(r->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(r->body.find("content/missions/&lt;b&gt;&amp;.md:3:1: error: invalid YAML") != std::string::npos);
    CHECK(r->body.find("<b>&") == std::string::npos);
    CHECK(r->body.find("/__kbgen/status") != std::string::npos);  // the reload script
  }
  CHECK(status(c)["generation"] == 0);

  fs::remove(site.root / broken);
  REQUIRE(wait_for(c, [](const nlohmann::json& s) { return s["generation"] != 0; }));
  auto page = c.Get("/");
  REQUIRE(page);
  CHECK(page->status == 200);
}

TEST_CASE("serve answers only requests for its own host names", "[serve]") {
  using kb::serve::host_allowed;
  CHECK(host_allowed("localhost:8000", "127.0.0.1"));
  CHECK(host_allowed("LocalHost", "127.0.0.1"));
  CHECK(host_allowed("127.0.0.1:8000", "127.0.0.1"));
  CHECK(host_allowed("[::1]:8000", "127.0.0.1"));
  CHECK(host_allowed("", "127.0.0.1"));  // HTTP/1.0 without Host
  CHECK_FALSE(host_allowed("evil.example:8000", "127.0.0.1"));
  CHECK_FALSE(host_allowed("localhost.evil.example", "127.0.0.1"));
  CHECK_FALSE(host_allowed("127.0.0.1.evil.example", "127.0.0.1"));
  CHECK_FALSE(host_allowed("192.168.1.5:8000", "127.0.0.1"));
  CHECK_FALSE(host_allowed("[::1", "127.0.0.1"));
  CHECK(host_allowed("192.168.1.5:8000", "192.168.1.5"));
  CHECK(host_allowed("preview.lan:8000", "preview.lan"));
  CHECK(host_allowed("[fe80::1]:8000", "fe80::1"));
  // Bound to every interface: any address of the machine, still no other name.
  CHECK(host_allowed("192.168.1.5:8000", "0.0.0.0"));
  CHECK(host_allowed("[fe80::1]:8000", "::"));
  CHECK_FALSE(host_allowed("evil.example", "0.0.0.0"));

  ServedSite site;
  const std::string port = std::to_string(site.server.port);
  httplib::Client c("127.0.0.1", site.server.port);
  auto status_for = [&](const std::string& path, const std::string& host) {
    auto r = c.Get(path.c_str(), {{"Host", host}});
    REQUIRE(r);
    return r->status;
  };
  CHECK(status_for("/", "evil.example") == 403);
  CHECK(status_for("/", "evil.example:" + port) == 403);
  CHECK(status_for("/__kbgen/status", "evil.example:" + port) == 403);
  CHECK(status_for("/", "localhost:" + port) == 200);
  CHECK(status_for("/", "[::1]:" + port) == 200);
  CHECK(c.Get("/")->status == 200);  // httplib sends Host: 127.0.0.1:PORT
  CHECK(send_request(site.server.port, "GET / HTTP/1.0\r\n\r\n").rfind("HTTP/1.1 200", 0) == 0);
}

TEST_CASE("serve answers methods other than GET and HEAD with 405", "[serve]") {
  ServedSite site;
  httplib::Client c("127.0.0.1", site.server.port);
  auto head = c.Head("/missions/minusca.html");
  REQUIRE(head);
  CHECK(head->status == 200);
  CHECK(head->get_header_value("Content-Type") == "text/html; charset=utf-8");
  CHECK(head->body.empty());

  auto refused = [](const httplib::Result& r) {
    REQUIRE(r);
    CHECK(r->status == 405);
    CHECK(r->get_header_value("Allow") == "GET, HEAD");
  };
  refused(c.Post("/", "x", "text/plain"));
  refused(c.Put("/missions/minusca.html", "x", "text/plain"));
  refused(c.Patch("/", "x", "text/plain"));
  refused(c.Delete("/missions/minusca.html"));
  refused(c.Options("/"));

  // The answer comes before the body is read: the connection closes then, lest the body, sent
  // after the answer, be taken for a request of its own.
  std::string inner = "GET /missions/minusca.html HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  int fd = connect_to(site.server.port);
  REQUIRE(fd >= 0);
  REQUIRE(send_all(fd, "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + std::to_string(inner.size()) +
                           "\r\n\r\n"));
  std::string answer =
      receive(fd, [](const std::string& r) { return r.find("method not allowed\n") != std::string::npos; });
  CHECK(answer.rfind("HTTP/1.1 405", 0) == 0);
  CHECK(answer.find("\r\nConnection: close\r\n") != std::string::npos);
  send_all(fd, inner);  // may fail, the server having closed
  CHECK(receive(fd, [](const std::string&) { return false; }).find("HTTP/1.1") == std::string::npos);
  ::close(fd);
}

TEST_CASE("serve refuses a port another kbgen serve listens on", "[serve]") {
  ServedSite site;
  TempDir tmp;
  fs::path other = tmp.path() / "root";
  make_site(other, fixtures_dir() / "sites" / "basic");
  // Under `timeout`: a second server that starts would otherwise run for ever.
  std::string cmd = "timeout 20 " + shell_quote(KB_KBGEN_PATH) + " serve --port " +
                    std::to_string(site.server.port) + " --root " + shell_quote(other.string()) +
                    " >/dev/null 2>" + shell_quote((tmp.path() / "log").string()) + " </dev/null";
  int status = std::system(cmd.c_str());
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
  CHECK(read_file(tmp.path() / "log").find("cannot listen") != std::string::npos);
  CHECK_FALSE(fs::exists(other / "site"));  // it stopped before building
}

TEST_CASE("the watcher reports edits, new folders and removals, once each", "[serve]") {
  TempDir tmp;
  write_file(tmp.path() / "content/a.md", "one\n");
  kb::serve::Watcher w(tmp.path(), std::chrono::milliseconds(100));
  INFO((w.uses_inotify() ? "inotify" : "polling"));
  // Waits for the watcher to say so (at most 10 s); false when it never did.
  auto reports_change = [&w] {
    for (auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10); std::chrono::steady_clock::now() < end;)
      if (w.changed()) return true;
    return false;
  };
  CHECK_FALSE(w.changed());
  write_file(tmp.path() / "content/a.md", "one, edited\n");
  CHECK(reports_change());
  CHECK_FALSE(w.changed());  // reported once
  // A folder made after the watcher started, then a file edited inside it.
  write_file(tmp.path() / "content/new/b.md", "b\n");
  CHECK(reports_change());
  write_file(tmp.path() / "content/new/b.md", "b, edited\n");
  CHECK(reports_change());
  // A folder moved in from outside the inputs (a download unpacked elsewhere), then edited.
  write_file(tmp.path() / "elsewhere/moved/c.md", "c\n");
  CHECK_FALSE(w.changed());
  fs::rename(tmp.path() / "elsewhere/moved", tmp.path() / "content/moved");
  CHECK(reports_change());
  write_file(tmp.path() / "content/moved/c.md", "c, edited\n");
  CHECK(reports_change());
  fs::remove(tmp.path() / "content/a.md");
  CHECK(reports_change());
  // An input folder that did not exist when serve started.
  write_file(tmp.path() / "templates/page.mustache", "{{title}}\n");
  CHECK(reports_change());
  // Files outside the inputs (the output folder) are not watched.
  write_file(tmp.path() / "site/index.html", "x\n");
  CHECK_FALSE(w.changed());
}
