// Command line: argv → options → run → exit code.
#pragma once

#include "serve/serve.hpp"

namespace kb::cli {

// How `serve` runs once its options are read. kbgen hands its command line to kbgen-serve
// (exec_serve), so that only that command loads the HTTP server and the libraries it brings
// (OpenSSL, brotli, zlib: a few milliseconds at every start); kbgen-serve runs it in place.
using ServeRunner = int (*)(const serve::Options& options, char** argv);

// Exit codes: 0 ok, 1 content errors, 2 usage errors.
int run(int argc, char** argv, ServeRunner serve);

// The whole of both executables' main(): run(), and 3 for an exception that escapes it (a bug
// in kbgen itself; content problems are diagnostics).
int main(int argc, char** argv, ServeRunner serve);

// Replaces this process with kbgen-serve from the running executable's own folder, given the
// same arguments; 2 with a message on stderr when that cannot be done.
int exec_serve(const serve::Options& options, char** argv);

}  // namespace kb::cli
