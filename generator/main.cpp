// kbgen: every command over kb_core; `serve` runs in kbgen-serve beside it (cli/cli.hpp).
#include "cli/cli.hpp"

int main(int argc, char** argv) { return kb::cli::main(argc, argv, kb::cli::exec_serve); }
