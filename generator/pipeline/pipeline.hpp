// The orchestrator: runs the stages in order and stops after a stage that reported errors.
//   config/    content/site.yaml
//   schema/    content/schema.yaml: the kinds of page
//   content/   the pages, typed against the schema, and the glossary
//   render/    the templates (loaded and checked here, used below)
//   links/     each page's Markdown (markdown/) with its links and mentions resolved, in parallel
//   graph/     references, quotes, backlinks, the matrix
//   render/    the pages, while search/ builds the search files and exports/ the data files
//              on other threads (serve: search/ after the pages, which are published first);
//              a one-off build (run) streams each page and search file to site/ as it is
//              made, which writes it into a staging folder on a thread of its own
//   exports/   the sitemap of the pages rendered
//   site/      the site's assets (read before the pages: an asset replaces a page of its
//              path); then (run) the staging folder takes the place of the output folder
// A Session remembers stage results between runs (for `kbgen serve`): each stage is a pure
// function of its inputs, and a cached result is reused only when those inputs are unchanged,
// so an incremental rebuild produces exactly the files of a full build.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "diag/diagnostic.hpp"
#include "site/files.hpp"

namespace kb::pipeline {

struct Options {
  std::string root = ".";
  std::string out;          // default ROOT/site
  bool write = true;        // false for `kbgen check`
  bool strict = false;      // warnings fail the build
  bool force = false;       // replace an output folder kbgen did not write
};

struct Result {
  int pages_written = 0;
  int files_written = 0;
  bool ok = false;
  bool usage_error = false;  // the command line was wrong (missing root, refused output folder)
};

// What one run of the pipeline produced, before anything is written.
struct Output {
  // When set, each rendered page, and each search file made beside the pages, is handed to it
  // as soon as it is made and is not kept in `files` (a one-off build writes them while others
  // are made, and holds no whole site).
  std::function<void(const std::string& path, std::string bytes)> stream;
  site::Files files;  // output path → bytes (pages unless streamed, data, assets)
  // When set, generate() returns as soon as the pages are made, and the search files, which take
  // longest, follow: Session::search_files() gives them (serve publishes the pages first).
  bool search_later = false;
  // Without search_later: which of `files` the search stage made (serve keeps them to publish
  // with the pages of its next rebuilds, until that rebuild's own follow).
  std::vector<std::string> search_paths;
  int pages = 0;
  int markdown_rendered = 0;  // bodies parsed and rendered (not taken from the cache)
  int pages_rendered = 0;     // pages put through the templates (not taken from the cache)
  int views_built = 0;        // views of content pages and kinds' indexes built (not taken from the cache)
};

class Session {
 public:
  // `remember`: keep stage results for the next generate() (serve); a one-off build does not.
  explicit Session(Options options, bool remember = true);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Runs every stage; returns false (with diagnostics) when the site must not be written.
  bool generate(diag::Sink& sink, Output& out);
  // After generate() with Output::search_later: waits for the search files of that run and puts
  // them into `files` (over files of the same path); false when they could not be made.
  // `paths`, when given, receives the paths of the search files (also those streamed).
  bool search_files(diag::Sink& sink, site::Files& files, std::vector<std::string>* paths = nullptr);
  const Options& options() const { return options_; }

 private:
  struct Caches;
  struct Search;
  Options options_;
  bool remember_;
  std::unique_ptr<Caches> caches_;
  std::unique_ptr<Search> search_;  // the search files being made, until search_files() takes them
};

// The output folder a build writes to.
std::string output_dir(const Options& options);

// A full build: generate, then write through a staging folder swapped in on success.
Result run(const Options& options, diag::Sink& sink);

}  // namespace kb::pipeline
