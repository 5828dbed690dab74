// kbgen: the thin executable over kb_core.
#include <exception>
#include <iostream>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  try {
    return kb::cli::run(argc, argv);
  } catch (const std::exception& e) {
    // Content problems are diagnostics; reaching this is a bug in kbgen itself.
    std::cerr << "kbgen: internal error: " << e.what() << "\n";
    return 3;
  }
}
