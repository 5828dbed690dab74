// kbgen serve end to end: a real server on a loopback port, real edits on disk.
#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "serve/serve.hpp"
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
  for (int i = 0; i < 100; ++i) {
    if (pred(status(c))) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// The basic fixture site in a temp folder, served by a running kbgen.
struct ServedSite {
  TempDir tmp;
  fs::path root = tmp.path() / "root";
  Server server;
  ServedSite() {
    make_site(root, fixtures_dir() / "sites" / "basic");
    start(server, root, tmp.path() / "log");
  }
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

  {
    std::string path = (root / "content/missions/minusca.md").string();
    write_file(path, read_file(path) + "\nServed after an edit.\n");
  }
  REQUIRE(wait_for(c, [&](const nlohmann::json& s) { return s["generation"] != generation; }));
  CHECK(c.Get("/missions/minusca.html")->body.find("Served after an edit.") != std::string::npos);
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
  const fs::path& root = site.root;
  httplib::Client c("127.0.0.1", site.server.port);
  CHECK(c.Get("/missions/")->status == 200);
  CHECK(c.Get("/assets/style.css")->get_header_value("Content-Type") == "text/css; charset=utf-8");
  CHECK(c.Get("/no-such-page.html")->status == 404);
  CHECK(c.Get("/../../etc/passwd")->status == 400);
  CHECK(c.Get("/content/site.yaml")->status == 404);
}
