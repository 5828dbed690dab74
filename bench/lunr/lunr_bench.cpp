// Times build_lunr_index on a corpus file: best wall-clock time of N builds, in milliseconds,
// printed as "cpp_ms <value>"; writes the index to OUT.json if given. Compiled by run.sh
// against generator/search only.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "search/corpus.hpp"
#include "search/lunr_builder.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: lunr_bench CORPUS.json [RUNS] [OUT.json]\n";
    return 2;
  }
  const int runs = argc > 2 ? std::atoi(argv[2]) : 10;
  std::ifstream file(argv[1], std::ios::binary);
  std::stringstream buffer;
  buffer << file.rdbuf();
  std::string error;
  const auto corpus = kb::search::parse_corpus(nlohmann::json::parse(buffer.str()), error);
  if (!corpus) {
    std::cerr << argv[1] << ": error: " << error << "\n";
    return 1;
  }
  double best = 1e300;
  std::string index;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    index = kb::search::build_lunr_index(*corpus);
    const auto stop = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::milli>(stop - start).count());
  }
  if (argc > 3) std::ofstream(argv[3], std::ios::binary) << index;
  const std::size_t size = index.size();
  std::cout << "cpp_ms " << best << "\nindex_bytes " << size << "\n";
  return 0;
}
