// Command line: argv → options → run → exit code.
#pragma once

namespace kb::cli {

// Exit codes: 0 ok, 1 content errors, 2 usage errors.
int run(int argc, char** argv);

}  // namespace kb::cli
