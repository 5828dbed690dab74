// The orchestrator: runs the stages in order and stops after a stage that reported errors.
//   config → content → templates → markdown (links, mentions) → graph → render → write
#pragma once

#include <string>

#include "diag/diagnostic.hpp"

namespace kb::build {

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

Result run(const Options& options, diag::Sink& sink);

}  // namespace kb::build
