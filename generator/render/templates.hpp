// Mustache templates (kainjow) rendered from JSON view models. All logic lives in the C++ view
// models; templates only place values. Partials come from templates/partials/.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>

#include "diag/diagnostic.hpp"

namespace kb::render {

class Templates {
 public:
  // Loads ROOT/templates/*.mustache and ROOT/templates/partials/*.mustache, checking that each
  // one parses; problems are reported with the template's path.
  static Templates load(const std::string& root, diag::Sink& sink);

  bool has(const std::string& name) const { return templates_.count(name) > 0; }
  // True also for a template that exists but failed to parse (already reported).
  bool exists(const std::string& name) const { return has(name) || broken_.count(name) > 0; }
  // Renders template `name` (file stem) with `view`; reports a missing template as an error.
  std::string render(const std::string& name, const nlohmann::json& view, diag::Sink& sink) const;

  // Every template and partial with its name: equal signatures render equal pages.
  std::string signature() const;

  // One thread's own parsed templates: rendering with them takes no lock, so that pages render
  // on several threads at once (kainjow's templates are not safe to share).
  struct Parsed {
    std::map<std::string, std::unique_ptr<kainjow::mustache::mustache>> templates;
    std::map<std::string, std::size_t> last_size;  // of each one's last output, reserved for the next
  };

  // Renders template `name` as a page's <main> and wraps it in the "layout" template, which
  // receives the same view plus `main`. With `own`, parses into and renders from it.
  std::string render_page(const std::string& name, const nlohmann::json& view, diag::Sink& sink,
                          Parsed* own = nullptr) const;

  // For tests: templates from memory.
  static Templates from_strings(std::map<std::string, std::string> templates,
                                std::map<std::string, std::string> partials);

 private:
  std::string render_with(const std::string& name, const kainjow::mustache::data& data, diag::Sink& sink,
                          Parsed* own = nullptr) const;
  bool prepare(const nlohmann::json& view, const std::string& name, kainjow::mustache::data& data,
               diag::Sink& sink) const;

  std::map<std::string, std::string> templates_;
  std::map<std::string, std::string> partials_;
  std::set<std::string> broken_;
  struct Compiled {
    std::mutex mutex;
    Parsed parsed;  // shared by the callers that bring none of their own
  };
  std::shared_ptr<Compiled> compiled_ = std::make_shared<Compiled>();
  struct Clashes {
    std::mutex mutex;
    std::set<std::string> reported;  // partials already reported as clashing with a view field
  };
  std::shared_ptr<Clashes> clashes_ = std::make_shared<Clashes>();
};

}  // namespace kb::render
