// Killing a build at any moment leaves the previous site exactly as it was, and whatever the
// killed build left beside the output folder does not disturb the next one.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/support.hpp"

using namespace kb::test;

namespace {

// Starts kbgen build of the real content into `out`, its output discarded.
pid_t start_build(const fs::path& out) {
  pid_t pid = ::fork();
  if (pid == 0) {
    int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 1);
    ::dup2(null, 2);
    std::string root = source_dir().string(), out_s = out.string();
    ::execl(KB_KBGEN_PATH, KB_KBGEN_PATH, "build", "--root", root.c_str(), "--out", out_s.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  return pid;
}

int wait_for(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

// The PID of a process that has exited and been reaped.
pid_t dead_pid() {
  pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  wait_for(pid);
  return pid;
}

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("a build killed at any moment leaves the previous site intact", "[interrupt]") {
  TempDir tmp;
  fs::path out = tmp.path() / "site";

  REQUIRE(WEXITSTATUS(wait_for(start_build(out))) == 0);
  // The builds below rebuild over this site, which is quicker than building it from nothing (a
  // rebuild links the files that did not change): their kill points are spread over a rebuild.
  auto start = std::chrono::steady_clock::now();
  REQUIRE(WEXITSTATUS(wait_for(start_build(out))) == 0);
  auto duration = std::chrono::steady_clock::now() - start;
  // Files the user added to the site (a git checkout of gh-pages, a CNAME) belong to it too.
  write_file(out / ".git/HEAD", "ref: refs/heads/gh-pages\n");
  write_file(out / "CNAME", "kb.example.org\n");
  write_file(out / "texts/reading-notes.txt", "mine\n");
  const auto first = read_tree(out);
  REQUIRE(first.size() > 100);

  // Kill points spread over the whole build (and a little past it), in a shuffled order. The
  // rebuild timed above may have been slowed by a busy machine: when a build finishes before its
  // kill, the kill points shrink and the same point is tried again, so that most kills land
  // inside a build however the machine's load changes.
  constexpr int kRuns = 20;
  std::vector<double> fractions;
  for (int i = 0; i < kRuns; ++i) fractions.push_back((i + 0.5) / kRuns * 1.1);
  std::mt19937 rng(7);
  std::shuffle(fractions.begin(), fractions.end(), rng);
  int interrupted = 0, attempts = 0;
  double scale = 1.0;
  for (double f : fractions) {
    for (bool killed = false; !killed && attempts < 3 * kRuns; ++attempts) {
      auto delay = std::chrono::duration_cast<std::chrono::microseconds>(duration * f * scale);
      pid_t pid = start_build(out);
      std::this_thread::sleep_for(delay);
      ::kill(pid, SIGKILL);
      int status = wait_for(pid);
      killed = WIFSIGNALED(status);
      if (killed) ++interrupted;
      else if (f < 1.0) scale *= 0.8;  // this point was meant to fall inside the build
      else break;                      // points past the end may finish
      INFO("killed after " << delay.count() / 1000 << " ms of a " <<
           std::chrono::duration_cast<std::chrono::milliseconds>(duration).count() << " ms build");
      REQUIRE(fs::is_directory(out));
      CHECK(tree_difference(read_tree(out), first) == "");
    }
  }
  // Most runs must really have been interrupted, or the test proves little.
  INFO(attempts << " builds started, kill points scaled to " << scale);
  CHECK(interrupted >= kRuns * 9 / 10);

  // The next build cleans up what the killed ones left and produces the same site.
  REQUIRE(WEXITSTATUS(wait_for(start_build(out))) == 0);
  CHECK(tree_difference(read_tree(out), first) == "");
  CHECK(entries(tmp.path()) == std::vector<std::string>{"site"});
}

TEST_CASE("a build puts back a previous site that a killed swap left aside", "[interrupt]") {
  TempDir tmp;
  fs::path out = tmp.path() / "site";
  REQUIRE(WEXITSTATUS(wait_for(start_build(out))) == 0);
  const auto first = read_tree(out);

  // What a build killed between "move the old site aside" and "move the new one in" leaves.
  pid_t gone = dead_pid();
  fs::rename(out, tmp.path() / (".site.old-" + std::to_string(gone)));
  write_file(tmp.path() / (".site.staging-" + std::to_string(gone)) / "index.html", "half");
  // A build that then fails still finds the previous site back in place.
  TempDir broken;
  copy_tree(fixtures_dir() / "invalid" / "_base", broken.path());
  fs::copy(fixtures_dir() / "templates", broken.path() / "templates", fs::copy_options::recursive);
  write_file(broken.path() / "content/missions/a.md", "no front matter\n");
  RunResult r = run_kbgen("build --root " + shell_quote(broken.path().string()) + " --out " +
                          shell_quote(out.string()));
  CHECK(r.exit_code == 1);
  CHECK(entries(tmp.path()) == std::vector<std::string>{"site"});
  CHECK(read_tree(out) == first);

  // A build killed just after the swap leaves the previous site, with the user's files, aside
  // under its staging name: the next build moves those files back before removing the rest.
  write_file(out / "CNAME", "kb.example.org\n");
  const auto with_cname = read_tree(out);
  pid_t gone_after_swap = dead_pid();
  fs::path aside = tmp.path() / (".site.staging-" + std::to_string(gone_after_swap));
  fs::copy(out, aside, fs::copy_options::recursive);
  fs::remove(out / "CNAME");
  REQUIRE(WEXITSTATUS(wait_for(start_build(out))) == 0);
  CHECK(read_tree(out) == with_cname);
  CHECK(entries(tmp.path()) == std::vector<std::string>{"site"});

  // A staging folder of a build that is still running is left alone.
  fs::path live = tmp.path() / (".site.staging-" + std::to_string(::getpid()));
  fs::create_directories(live);
  REQUIRE(WEXITSTATUS(wait_for(start_build(out))) == 0);
  CHECK(fs::exists(live));
}
