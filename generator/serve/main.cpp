// kbgen-serve: kbgen's commands linked with the preview server, which `kbgen serve` runs.
#include "cli/cli.hpp"

int main(int argc, char** argv) {
  return kb::cli::main(argc, argv, [](const kb::serve::Options& options, char**) { return kb::serve::run(options); });
}
