// The one definition of slugs and anchors, used for heading ids, paragraph ids and file names.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace kb::links {

// Lowercase ASCII letters and digits; every run of anything else becomes one '-'; common Latin
// accented letters are folded to their base letter first ("Côte d'Ivoire" → "cote-d-ivoire").
std::string slugify(std::string_view text);

// Hands out unique ids within one page: "intro", "intro-2", ...
class AnchorSet {
 public:
  std::string unique(const std::string& wanted);
  bool contains(const std::string& id) const { return used_.count(id) > 0; }
  // Reserves an exact id (explicit {#id}); returns false if it was taken.
  bool reserve(const std::string& id);

 private:
  std::map<std::string, int> used_;
};

}  // namespace kb::links
