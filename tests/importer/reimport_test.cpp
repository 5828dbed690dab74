// Re-import: running `kbgen import` with the committed manifests on sources/ must still
// produce content/texts, apart from hand edits listed in import/hand-edits.yaml (reported).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <unistd.h>

#include "importer/import_command.hpp"
#include "util/yaml_tree.hpp"

namespace {

namespace fs = std::filesystem;
const std::string kRoot = KB_SOURCE_DIR;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "line N: committed | imported" for the first differing line.
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream ia(a), ib(b);
  std::string la, lb;
  for (int n = 1;; ++n) {
    bool ga = static_cast<bool>(std::getline(ia, la));
    bool gb = static_cast<bool>(std::getline(ib, lb));
    if (!ga && !gb) return "identical";
    if (la != lb || ga != gb)
      return "line " + std::to_string(n) + ": committed \"" + la.substr(0, 80) + "\" / imported \"" +
             lb.substr(0, 80) + "\"";
  }
}

}  // namespace

TEST_CASE("re-import from sources/ reproduces content/texts", "[reimport]") {
  const std::vector<std::pair<std::string, std::string>> seeds = {
      {"001_8506cd5b969f1c7f.txt", "book"},
      {"002_be87fb5b84ba7be6.txt", "policy-paper-2011"},
      {"003_9fd771bbcb90f5c6.txt", "meeting-note-2010"},
      {"004_803594e043fbbdaf.txt", "peacekeeping-paper"},
      {"000_df07e75c87378585.txt", "standalone-ch09"},
  };
  fs::path tmp = fs::temp_directory_path() / ("kb-reimport-" + std::to_string(::getpid()));
  fs::remove_all(tmp);
  for (const auto& [seed, manifest] : seeds) {
    std::ostringstream out, err;
    int rc = kb::importer::run_import_command(kRoot + "/sources/" + seed,
                                              kRoot + "/import/" + manifest + ".yaml", tmp.string(), out, err);
    INFO(manifest << ": " << err.str());
    REQUIRE(rc == 0);
    CHECK(err.str().empty());  // the committed manifests import without warnings
  }

  std::set<std::string> listed;
  kb::util::yaml::Document hand;
  kb::util::yaml::Error error;
  REQUIRE(kb::util::yaml::parse(slurp(kRoot + "/import/hand-edits.yaml"), hand, error));
  const kb::util::yaml::Node* ids = hand.root->get("hand_edits");
  REQUIRE(ids);
  for (const kb::util::yaml::Node* id : ids->items) listed.insert(id->text);

  std::vector<std::string> imported;
  for (const auto& e : fs::directory_iterator(tmp)) imported.push_back(e.path().filename().string());
  std::sort(imported.begin(), imported.end());
  CHECK(imported.size() == 25);

  std::vector<std::string> hand_edits;
  for (const auto& name : imported) {
    fs::path committed = fs::path(kRoot) / "content" / "texts" / name;
    INFO(name);
    REQUIRE(fs::exists(committed));
    std::string diff = first_difference(slurp(committed), slurp(tmp / name));
    std::string id = name.substr(0, name.size() - 3);
    if (diff == "identical") {
      CHECK(listed.count(id) == 0);  // a stale entry in hand-edits.yaml
      continue;
    }
    hand_edits.push_back(id + " (" + diff + ")");
    INFO("differs from the import: " << diff << " (list it in import/hand-edits.yaml if edited on purpose)");
    CHECK(listed.count(id) == 1);
  }
  for (const auto& h : hand_edits) WARN("hand edit after import: " << h);
  fs::remove_all(tmp);
}
